"""Stale law (L08) and invalid transfer mechanisms (L28, L29): every instrument or authority the
lint calls stale is found in the texts that name it, and the finding says what replaced it.

Each case carries, in a comment next to it, the source that shows the instrument or authority
is gone (Finlex, EUR-Lex, the authority's own page). Registers are built from test_lint's
``BASE`` with its ``build`` edits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_lint import DELETE, MODERN, Edit, build, lint_data, of_rule

from rekisteri.lint import Severity


def _description(text: str | dict[str, str]) -> Edit:
    return (("description",), text)


# (case id, the text, a words of the law in the finding, a words of what replaced it).
STALE: list[tuple[str, str, str, str]] = [
    # https://tietosuoja.fi/toimintakertomus-2018: Tietosuojalaki 1050/2018 "tuli voimaan 1.1.2019
    # ja korvasi vanhan henkilötietolain".
    ("Henkilötietolaki", "Laadittu henkilötietolain (523/1999) mukaan.", "523/1999", "1050/2018"),
    # https://www.finlex.fi/fi/laki/ajantasa/kumotut/2004/20040516: "Tämä laki on kumottu
    # L:lla 7.11.2014/917, joka on voimassa 1.1.2015 alkaen."
    ("516/2004", "Sähköisen viestinnän tietosuojalaki 516/2004.", "516/2004", "917/2014"),
    # HE 212/2020 (https://www.edilex.fi/he/20200212): 784/2021 repealed 159/2007;
    # https://finlex.fi/sv/laki/ajantasa/2021/20210784: "Denna lag har upphävts genom
    # L 14.4.2023/703, som gäller fr.o.m. 1.1.2024."
    ("159/2007", "Laki 159/2007 asiakastietojen käsittelystä.", "159/2007", "703/2023"),
    ("784/2021", "Act 784/2021.", "784/2021", "703/2023"),
    (
        "the old act by its name",
        "Laki sosiaali- ja terveydenhuollon asiakastietojen sähköisestä käsittelystä.",
        "Electronic Processing of Client Data",
        "703/2023",
    ),
    # https://www.finlex.fi/fi/laki/alkup/2022/20220094: the Decree of the Ministry of Social
    # Affairs and Health on patient records 94/2022 (24.1.2022) in place of 298/2009
    # (https://www.arkisto.fi/fi/potilasasiakirjojen-pysyvae-saeilytys: "vahvistettiin
    # 30.3.2009 (298/2009)").
    ("298/2009", "STM:n asetus potilasasiakirjoista (298/2009).", "298/2009", "94/2022"),
    # https://tietosuoja.fi/toimintakertomus-2018: "tietosuojalautakunta lopetti työnsä".
    (
        "tietosuojalautakunta",
        "Valitus tietosuojalautakunnalle.",
        "Data Protection Board",
        "Ombudsman",
    ),
    (
        "datasekretessnämnden",
        "Besvär till datasekretessnämnden.",
        "Data Protection Board",
        "Ombudsman",
    ),
    # CJEU C-311/18 of 16.7.2020 (https://eucrim.eu/news/eu-us-data-transfers-cjeu-shatters-
    # privacy-shield-schrems-ii): Decision 2016/1250 on the Privacy Shield is invalid.
    (
        "Privacy Shield",
        "Covered by the Privacy Shield.",
        "Privacy Shield",
        "Data Privacy Framework",
    ),
    # Commission Implementing Decision (EU) 2021/914, Article 4
    # (https://eur-lex.europa.eu/eli/dec_impl/2021/914/oj): 2001/497 and 2010/87 repealed,
    # contracts under them covered until 27.12.2022.
    ("the 2010 clauses", "Decision 2010/87/EU clauses.", "2010", "2021/914"),
    ("the 2004 clauses", "Clauses of 2004/915/EC.", "2010", "2021/914"),
    # CJEU C-362/14 of 6.10.2015 (same source as C-311/18): Safe Harbour invalid.
    ("Safe Harbour", "Safe Harbor certified.", "Safe Harbour", "Data Privacy Framework"),
    # https://valvira.fi/sv/-/det-ar-dags-att-tacka-valviras-verksamhet-upphor-men-
    # grunduppgifterna-fortsatter: "Valvira's operations will end at the end of 2025, when the
    # new Finnish Supervisory Agency will commence operations on 1 January 2026."
    ("Valvira", "Tiedot luovutetaan Valviralle.", "Valvira", "Lupa- ja valvontavirasto"),
    (
        "Valvira by its full name",
        "Sosiaali- ja terveysalan lupa- ja valvontavirasto.",
        "Valvira",
        "Lupa- ja valvontavirasto",
    ),
    # https://www.avi.fi: "Aluehallintovirastojen toiminta päättyy vuoden 2025 lopussa. Suurin osa
    # tehtävistämme siirtyy uuteen valtakunnalliseen Lupa- ja valvontavirastoon, joka aloittaa
    # toimintansa 1.1.2026."; the Swedish name: https://lvv.fi/sv ("Tillstånds- och
    # tillsynsverket").
    ("aluehallintovirasto", "Etelä-Suomen aluehallintovirasto.", "AVI", "Lupa- ja valvontavirasto"),
    ("AVI", "Ilmoitus AVI:lle.", "AVI", "Lupa- ja valvontavirasto"),
    ("regionförvaltningsverket", "Regionförvaltningsverket.", "AVI", "Lupa- ja valvontavirasto"),
]


@pytest.mark.parametrize(
    ("text", "law", "replacement"), [c[1:] for c in STALE], ids=[c[0] for c in STALE]
)
def test_a_stale_text_names_what_replaced_it(
    tmp_path: Path, text: str, law: str, replacement: str
) -> None:
    (finding,) = of_rule(lint_data(tmp_path, build([_description(text)])), "L08")
    assert finding.path == "description" and finding.severity is Severity.ERROR
    assert law in finding.message
    assert replacement in finding.hint
    (fi,) = of_rule(lint_data(tmp_path, build([_description(text)]), "fi"), "L08")
    assert fi.message != finding.message and fi.hint != finding.hint


# Where a notice cites its law: every one is read.
LAW_KEYS: list[tuple[str, list[Edit], str]] = [
    ("statutory basis", [(("retention", 0, "statutory_basis"), "Asetus 298/2009")], "retention[0]"),
    ("basis details", [(("purposes", 0, "basis_details"), "Laki 159/2007")], "purposes[0]"),
    ("legal reference", [(("notice", "legal_reference"), "Henkilötietolaki")], "notice"),
    (
        "a scoped basis",
        [
            (("purposes", 0, "legal_basis"), DELETE),
            (("purposes", 0, "bases"), [{"basis": "contract", "details": "Laki 784/2021"}]),
        ],
        "purposes[0].bases[0]",
    ),
    ("a structured statute", [(("retention", 0, "statute"), {"act": "298/2009"})], "retention"),
    (
        "one of two structured statutes",
        [(("retention", 0, "statute"), [{"act": "1336/1997"}, {"act": "523/1999"}])],
        "retention[0].statute[1]",
    ),
]


@pytest.mark.parametrize(
    ("edits", "where"), [c[1:] for c in LAW_KEYS], ids=[c[0] for c in LAW_KEYS]
)
def test_the_law_is_read_wherever_it_is_cited(
    tmp_path: Path, edits: list[Edit], where: str
) -> None:
    found = of_rule(lint_data(tmp_path, build(edits)), "L08")
    assert [f.path for f in found if f.path.startswith(where)], [f.path for f in found]


def test_every_language_of_a_text_is_read(tmp_path: Path) -> None:
    # The English text of the modern example is current; its Finnish one names Valvira.
    recipient = {
        "fi": "Esimerkiksi Valvira tai poliisi.",
        "en": "For example the Finnish Supervisory Agency or the police.",
    }
    data = build([(("recipients", 0, "description"), recipient)], MODERN)
    (finding,) = of_rule(lint_data(tmp_path, data), "L08")
    assert finding.path == "recipients[0].description"
    clean = {**recipient, "fi": "Esimerkiksi Lupa- ja valvontavirasto tai poliisi."}
    assert not of_rule(
        lint_data(tmp_path, build([(("recipients", 0, "description"), clean)], MODERN)), "L08"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Tietosuojalaki 1050/2018; order 1523/1999.",
        "Laki 703/2023 ja STM:n asetus 94/2022.",
        "Lupa- ja valvontavirasto valvoo terveydenhuoltoa.",
        "Avidly Oy hoitaa markkinoinnin; Davis Ltd laskutuksen.",
        "Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023.",
        "Data Privacy Framework and the clauses of Decision 2021/914.",
    ],
)
def test_current_law_and_authorities_are_not_stale(tmp_path: Path, text: str) -> None:
    assert not of_rule(lint_data(tmp_path, build([_description(text)])), "L08")


def test_the_modern_example_names_the_current_authority(tmp_path: Path) -> None:
    assert not of_rule(lint_data(tmp_path, MODERN), "L08")


# --- L07: the Ombudsman's former addresses -----------------------------------------------------

# https://tietosuoja.fi/yhteystiedot: today "Käyntiosoite: Lintulahdenkuja 4, 00530 Helsinki;
# Postiosoite: PL 800, 00531 Helsinki". The former ones as notices still print them: Ratapihantie 9
# with PL 800, 00521 (tests/corpus/sources/nokian-tanssiasema.txt), Albertinkatu 25 with PL 315,
# 00181 (LEGAL.md § 5).
OLD_ADDRESSES = [
    (
        {"street": "Ratapihantie 9, 6. krs", "postal_code": "00520", "city": "Helsinki"},
        "Ratapihantie",
    ),
    ({"street": "PL 800", "postal_code": "00521", "city": "Helsinki"}, "00521"),
    ({"street": "Albertinkatu 25 A", "postal_code": "00180", "city": "Helsinki"}, "Albertinkatu"),
    ({"street": "PL 315", "postal_code": "00181", "city": "Helsinki"}, "315"),
]


@pytest.mark.parametrize(("address", "old"), OLD_ADDRESSES, ids=[a[1] for a in OLD_ADDRESSES])
def test_an_old_ombudsman_address_is_found(
    tmp_path: Path, address: dict[str, Any], old: str
) -> None:
    complaint = {"name": "Tietosuojavaltuutetun toimisto", "postal_address": address}
    (finding,) = of_rule(lint_data(tmp_path, build([(("rights", "complaint"), complaint)])), "L07")
    assert old in finding.message and "Lintulahdenkuja 4" in finding.hint


def test_the_current_ombudsman_address_is_not_old(tmp_path: Path) -> None:
    complaint = {
        "name": "Tietosuojavaltuutetun toimisto",
        "visiting_address": {
            "street": "Lintulahdenkuja 4",
            "postal_code": "00530",
            "city": "Helsinki",
        },
        "postal_address": {"street": "PL 800", "postal_code": "00531", "city": "Helsinki"},
    }
    assert not of_rule(lint_data(tmp_path, build([(("rights", "complaint"), complaint)])), "L07")


# --- L28, L29: the transfer mechanisms by their structured value ------------------------------


def _transfer(*safeguards: str, **fields: Any) -> Edit:
    destination: dict[str, Any] = {
        "country": "US",
        "recipient": "Mailer Inc",
        "safeguards": list(safeguards),
    }
    if "derogation" in safeguards:
        destination["derogation"] = "explicit_consent"
    return (("transfers",), {"destinations": [{**destination, **fields}]})


US_PROCESSOR = {"id": "mailer", "name": "Mailer Inc", "role": "Newsletter", "country": "US"}


@pytest.mark.parametrize(
    ("safeguards", "severities"),
    [
        (("privacy_shield",), [Severity.ERROR]),
        (("standard_contractual_clauses_2010",), [Severity.ERROR]),
        # A valid alternative carries the transfer; naming the lapsed one still misinforms.
        (("data_privacy_framework", "privacy_shield"), [Severity.WARNING]),
        (("privacy_shield", "standard_contractual_clauses_2010"), [Severity.ERROR] * 2),
        (("standard_contractual_clauses",), []),
    ],
)
def test_a_lapsed_mechanism_weighs_by_what_else_carries_the_transfer(
    tmp_path: Path, safeguards: tuple[str, ...], severities: list[Severity]
) -> None:
    found = of_rule(lint_data(tmp_path, build([_transfer(*safeguards)])), "L28")
    assert [f.severity for f in found] == severities
    for finding in found:
        if finding.severity is Severity.ERROR:
            assert "Data Privacy Framework" in finding.hint or "2021/914" in finding.hint


def test_a_processor_on_a_lapsed_mechanism_is_told_once(tmp_path: Path) -> None:
    data = build(
        [(("processors",), [US_PROCESSOR]), _transfer("privacy_shield", processor="mailer")]
    )
    report = lint_data(tmp_path, data)
    assert [f.rule for f in report.findings if f.rule in ("L10", "L28", "L29")] == ["L28"]
    (finding,) = of_rule(report, "L28")
    assert "Data Privacy Framework" in finding.hint


@pytest.mark.parametrize(
    ("edits", "systematic"),
    [
        ([(("processors",), [US_PROCESSOR]), _transfer("derogation", processor="mailer")], True),
        # The recipient is the processor by name.
        ([(("processors",), [US_PROCESSOR]), _transfer("derogation")], True),
        # A hotel the client books through us: occasional, the derogation's own case.
        ([(("processors",), [US_PROCESSOR]), _transfer("derogation", recipient="A hotel")], False),
        # The derogation beside a regular ground adds nothing wrong.
        (
            [
                (("processors",), [US_PROCESSOR]),
                _transfer("derogation", "standard_contractual_clauses", processor="mailer"),
            ],
            False,
        ),
    ],
    ids=["named", "by name", "occasional", "beside the clauses"],
)
def test_art_49_for_a_processor_is_systematic(
    tmp_path: Path, edits: list[Edit], systematic: bool
) -> None:
    report = lint_data(tmp_path, build(edits))
    assert bool(of_rule(report, "L29")) is systematic
    if systematic:
        # L10 leaves the processor's transfer to L29: one finding for one fact.
        assert not of_rule(report, "L10")
