"""The lint in Swedish as Finland's official Swedish texts write it: the sv catalog translates every
message of the en one and keeps its placeholders, cites the GDPR and the Finnish acts the way
Finlex's Swedish pages do, uses the terms of those texts, and a Swedish notice lints in Swedish.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from test_lint import TRIGGERS, build, lint_data, of_rule
from typer.testing import CliRunner

from rekisteri.cli import app
from rekisteri.register.loading import load_register

ROOT = Path(__file__).resolve().parents[2]
LINT_SOURCES = sorted((ROOT / "src" / "rekisteri" / "lint").glob("*.py"))
SWEDISH_NOTICE = ROOT / "tests" / "corpus" / "asub-befolkningsregistret.toml"

# What a message writes as TOML (keys, tables, values) stays as written: it is not a term.
_TOML = re.compile(
    r"\[\[?[\w.]+\]\]?"  # [controller], [[transfers.destinations]]
    r"|\b\w+ = (?:\"[^\"]*\"|\{[^}]*\}|\S+)"  # recipient = false, complaint = "fi-ombudsman"
    r"|\b\w*_\w*\b"  # legal_basis, legitimate_interests
    r"|\"[^\"]*\""  # "controller", "third-party" as values
    r"|%\(\w+\)[sd]"
)


@cache
def catalog(lang: str) -> Catalog:
    path = ROOT / "templates" / "locale" / lang / "LC_MESSAGES" / "lint.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain="lint", abort_invalid=True)


def swedish() -> dict[str, str]:
    """msgid → Swedish msgstr, for the translated messages."""
    return {str(m.id): str(m.string) for m in catalog("sv") if m.id and m.string and not m.fuzzy}


def untranslated(msgids: set[str]) -> list[str]:
    return sorted(msgids - set(swedish()))


# --- completeness ------------------------------------------------------------------------------


def test_every_message_of_the_english_catalog_is_translated() -> None:
    # New rules add their messages to the en catalog first; this lists what Swedish still lacks.
    assert untranslated({str(m.id) for m in catalog("en") if m.id}) == []


def test_every_message_the_lint_uses_is_translated() -> None:
    used = {m for source in LINT_SOURCES for _, m, _, _ in extract_from_file("python", str(source))}
    assert untranslated(used) == []


def test_swedish_keeps_every_placeholder() -> None:
    # Babel's python-format checker, then the names themselves: a dropped %(category)s is a
    # finding that no longer says which category it is about.
    assert [(m.id, [str(e) for e in errors]) for m, errors in catalog("sv").check()] == []
    placeholder = re.compile(r"%\((\w+)\)[sd]")
    for msgid, msgstr in swedish().items():
        assert sorted(placeholder.findall(msgstr)) == sorted(placeholder.findall(msgid)), msgid


def test_no_english_text_is_left_in_place() -> None:
    assert [msgid for msgid, msgstr in swedish().items() if msgstr == msgid] == []


# --- legal citations ---------------------------------------------------------------------------


def _swedish_gdpr_citation(english: str) -> str:
    """GDPR 13(1)(a), 44–46 → dataskyddsförordningen 13.1 a, 44–46: the style of Finlex's Swedish
    texts ("artikel 2.2 a och b i dataskyddsförordningen", dataskyddslagen 1050/2018 § 2)."""
    points = re.sub(
        r"(\d+)\((\d+)\)(?:\(([a-z])\))?",
        lambda m: f"{m[1]}.{m[2]}" + (f" {m[3]}" if m[3] else ""),
        english.removeprefix("GDPR "),
    )
    return f"dataskyddsförordningen {points}"


def test_gdpr_references_are_cited_in_the_swedish_style() -> None:
    cited = 0
    for msgid, msgstr in swedish().items():
        for part in msgid.split("; "):
            if re.fullmatch(r"GDPR [\d(), a-z–]+", part):
                assert _swedish_gdpr_citation(part) in msgstr.split("; "), msgid
                cited += 1
    assert cited >= 30
    # No English-style citation survives in a Swedish text.
    english_style = re.compile(r"\bGDPR\b|\bArt\. |\d\(\d+\)|\bsection \d|\bAct \d")
    assert [m for m in swedish().values() if english_style.search(m)] == []


# The Finnish acts the catalog names, as Finland's Swedish statute texts name them: number → the
# names a citation may put before it (the act's name in the definite form, or "lag"/"lagen").
SWEDISH_ACT_NAMES = {
    # Dataskyddslag 5.12.2018/1050: https://www.stuklex.fi/sv/ls/20181050 (Finlex's text);
    # "dataskyddslagen (1050/2018)": https://finlex.fi/sv/laki/ajantasa/2004/20040759 § 2
    "1050/2018": ("dataskyddslagen",),
    # Bokföringslag 30.12.1997/1336: https://www.finlex.fi/sv/laki/alkup/1997/19971336
    "1336/1997": ("bokföringslagen",),
    # Lag om integritetsskydd i arbetslivet 13.8.2004/759:
    # https://finlex.fi/sv/laki/ajantasa/2004/20040759
    "759/2004": ("lagen om integritetsskydd i arbetslivet",),
    # "lagen om tjänster inom elektronisk kommunikation (917/2014)":
    # https://finlex.fi/sv/laki/ajantasa/2004/20040759 § 2
    "917/2014": ("lagen om tjänster inom elektronisk kommunikation",),
    # "Denna lag har upphävts genom L 14.4.2023/703":
    # https://finlex.fi/sv/laki/ajantasa/2021/20210784; its name: RP 246/2022 rd,
    # https://www.eduskunta.fi/SV/vaski/HallituksenEsitys/Sidor/RP_246+2022.aspx
    "703/2023": (
        "lagen om behandling av kunduppgifter inom social- och hälsovården",
        "lag",
        "lagen",
    ),
    # "den nuvarande personuppgiftslagen (523/1999)" is repealed by the Data Protection Act:
    # RP 9/2018 rd, https://eduskunta.fi/SV/vaski/HallituksenEsitys/Sidor/RP_9+2018.aspx
    "523/1999": ("personuppgiftslagen",),
    # "lagen om dataskydd vid elektronisk kommunikation (516/2004)":
    # https://www.finlex.fi/sv/laki/alkup/2009/20090125
    "516/2004": ("lagen om dataskydd vid elektronisk kommunikation",),
    # Repealed by the Act of 2021 ("Genom den nya lagen upphävs lagen om elektronisk behandling
    # av klientuppgifter inom social- och hälsovården"): RP 212/2020 rd,
    # https://www.riksdagen.fi/SV/vaski/HallituksenEsitys/Sidor/RP_212+2020.aspx
    "159/2007": (
        "lagen om elektronisk behandling av klientuppgifter inom social- och hälsovården",
    ),
    # "Penningtvättslagen (Lagen om förhindrande av penningtvätt och av finansiering av
    # terrorism)": https://rahanpesu.fi/sv/lagstiftning; RP 228/2016 rd
    # Lag om elektronisk behandling av kunduppgifter inom social- och hälsovården 27.8.2021/784:
    # https://finlex.fi/sv/laki/ajantasa/2021/20210784
    "784/2021": ("lagen om elektronisk behandling av kunduppgifter inom social- och hälsovården",),
    # Lag om kontroll av brottslig bakgrund hos personer som arbetar med barn 504/2002:
    # https://www.finlex.fi/sv/laki/alkup/2002/20020504
    "504/2002": ("lagen om kontroll av brottslig bakgrund hos personer som arbetar med barn",),
    # "social- och hälsovårdsministeriets förordning om journalhandlingar (298/2009)":
    # https://www.finlex.fi/sv/laki/alkup/2015/20151257 § 1
    "298/2009": ("social- och hälsovårdsministeriets förordning om journalhandlingar",),
    # The decree that replaced 298/2009 on the same subject; its Swedish title is taken to be its
    # predecessor's: no Swedish text of 94/2022 was found to check it against.
    "94/2022": (
        "social- och hälsovårdsministeriets förordning om journalhandlingar",
        "social- och hälsovårdsministeriets förordning",
    ),
    # Diskrimineringslag 30.12.2014/1325: https://finlex.fi/sv/laki/alkup/2014/20141325
    "1325/2014": ("diskrimineringslagen",),
    # Lag om jämställdhet mellan kvinnor och män 8.8.1986/609:
    # https://www.finlex.fi/sv/laki/alkup/1986/19860609
    "609/1986": ("lagen om jämställdhet mellan kvinnor och män",),
    "444/2017": (
        "penningtvättslagen",
        "lagen om förhindrande av penningtvätt och av finansiering av terrorism",
    ),
}


def test_finnish_acts_carry_their_swedish_names() -> None:
    named = set()
    for msgstr in swedish().values():
        # act = "1336/1997" in a TOML snippet is a value, not a citation.
        msgstr = _TOML.sub(" ", msgstr)
        for number, names in SWEDISH_ACT_NAMES.items():
            for found in re.finditer(rf"(?<![\d/]){re.escape(number)}(?!\d)", msgstr):
                before = msgstr[: found.start()]
                assert any(
                    re.search(rf"(?<!\w){re.escape(name)} \(?$", before) for name in names
                ), msgstr
                named.add(number)
    assert named >= {"1050/2018", "1336/1997", "917/2014", "703/2023", "523/1999", "444/2017"}


def test_the_ombudsman_and_the_repealed_board_have_their_swedish_names() -> None:
    sv = swedish()
    # https://tietosuoja.fi/sv/kontaktuppgifter: "Besöksadress: Fågelviksgränden 4, 00530
    # Helsingfors; Postadress: PB 800, 00531 Helsingfors; tietosuoja(at)om.fi".
    hint = next(msgstr for msgid, msgstr in sv.items() if "Lintulahdenkuja 4" in msgid)
    assert "(Fågelviksgränden 4, 00530 Helsingfors; PB 800, 00531 Helsingfors; " in hint
    old = sv["'%(old)s' is an old contact detail of the Data Protection Ombudsman"]
    assert "Dataombudsmannens byrå" in old
    # RP 9/2018 rd: "personuppgiftslagen och lagen om datasekretessnämnden och dataombudsmannen
    # upphävs" (https://eduskunta.fi/SV/vaski/HallituksenEsitys/Sidor/RP_9+2018.aspx).
    assert sv["the Data Protection Board (tietosuojalautakunta), abolished in 2019"].startswith(
        "datasekretessnämnden"
    )
    # tietosuoja.fi/sv (11.7.2023): "ramverket för dataskydd mellan EU och USA" replaces the
    # "Privacy Shield-arrangemang"; "standardavtalsklausuler eller bindande företagsbestämmelser".
    assert sv["the EU–US Data Privacy Framework or standard contractual clauses"].startswith(
        "ramverket för dataskydd mellan EU och USA"
    )


# --- terms -------------------------------------------------------------------------------------

# An English term in a message → the Swedish term (a pattern: Swedish inflects) its translation
# uses (LEGAL.md § 6 and the Swedish texts of the GDPR and the Data Protection Act).
TERMS = {
    r"\bcontroller\b": "personuppgiftsansvarig",
    r"\bprocessors?\b": "personuppgiftsbiträd",
    r"\blegal bas[ie]s\b": "behandlingsgrund",
    r"\blegitimate interests?\b": "berättiga(?:t|de) intresse",
    r"\brecipients?\b": "mottagar",
    r"\bretention\b": "lagring",
    r"\bdata subject\b": "den registrerade",
    r"\bDPO\b|\bdata protection officer\b": "dataskyddsombud",
    r"\bnotice\b": "dataskyddsbeskrivning",
    r"\brekisteriseloste\b": "registerbeskrivning",
    r"\bData Protection Ombudsman\b": "dataombudsman",
    # Valvira's name (National Supervisory Authority for ...) is not the GDPR's term.
    r"(?<!National )\bsupervisory authority\b": "tillsynsmyndighet",
    r"\bspecial-category\b": "särskild",
    r"\bidentity code\b": "personbeteckning",
    r"\bcookies?\b": "kak",
    r"\bdirect marketing\b": "direktmarknadsföring",
    r"\boutside the (?:EU/)?EEA\b": "EES",
    r"\badequacy decision\b": "beslut om adekvat skyddsnivå",
    r"\bstandard contractual clauses\b": "standardavtalsklausul",
    r"\bbinding corporate rules\b": "bindande företagsbestämmelser",
    r"\bCourt of Justice\b|\bCJEU\b": "EU-domstolen",
}


def test_swedish_uses_the_terms_of_finlands_swedish_texts() -> None:
    wrong = []
    for msgid, msgstr in swedish().items():
        prose = _TOML.sub(" ", msgid)
        for term, stem in TERMS.items():
            if re.search(term, prose, re.IGNORECASE) and not re.search(stem, msgstr, re.IGNORECASE):
                wrong.append((msgid, stem))
    assert wrong == []


# --- the lint in Swedish -----------------------------------------------------------------------


def test_every_rule_reports_in_swedish(tmp_path: Path) -> None:
    for case, rule, edits in TRIGGERS:
        data = build(edits)
        sv = of_rule(lint_data(tmp_path, data, "sv"), rule)
        en = of_rule(lint_data(tmp_path, data, "en"), rule)
        assert len(sv) == len(en) > 0, case
        for a, b in zip(sv, en, strict=True):
            assert a.message != b.message and a.hint != b.hint, case
            assert a.reference != b.reference and "GDPR" not in a.reference, case


def test_a_swedish_notice_lints_in_swedish() -> None:
    assert load_register(SWEDISH_NOTICE).default_language == "sv"
    result = CliRunner().invoke(app, ["lint", str(SWEDISH_NOTICE)])
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert (
        "L02 fel: purposes[0].legal_basis: Ingen behandlingsgrund har angetts för ändamålet "
        "'statistics' [dataskyddsförordningen 6.1, 13.1 c]"
    ) in out
    assert (
        "L09 fel: data_categories[0].hetu: Uppgiftsgruppen 'identification' innehåller "
        "personbeteckningen utan en grund enligt 29 § i dataskyddslagen "
        "[29 § i dataskyddslagen (1050/2018)]"
    ) in out
    assert "    tips: Lägg till hetu_ground" in out
    assert re.search(r"fel: \d+, varningar: \d+, anmärkningar: \d+, undertryckta: \d+", out)
    # The findings and hints are Swedish; the TOML examples after them are code and stay as written.
    said = [line for line in out.splitlines() if re.match(r"\S+:\d+:\d+: L\d+ |    tips: ", line)]
    assert len(said) >= 10
    assert [line for line in said if re.search(r"\bGDPR\b|\b(?:The|Add|Data) ", line)] == []
    assert "hint:" not in out and "write, for example" not in out
    # The register's own language and an explicit --lang sv give the same report.
    assert CliRunner().invoke(app, ["lint", str(SWEDISH_NOTICE), "--lang", "sv"]).stdout == out
