"""The rules read the declared facts: retention (L06, L19) by its words and the periods of the
acts the rules know, sources (L13) by their kind, places (L10) by their region, and the not-stated
items (L01, L02, L17, L23) once, where the notice leaves them out.

Registers are built from test_lint's ``BASE`` (or the modern example) with its ``build`` edits.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from test_lint import BASE, DELETE, HEALTH_CATEGORY, MODERN, Edit, build, lint_data, of_rule

from rekisteri.lint import RULES, Severity


def _criteria(text: str | dict[str, str]) -> Edit:
    return (("retention", 0), {"id": "relationship", "criteria": text})


# --- L06: vague words in every language --------------------------------------------------------

# (the retention text, the hedge the finding names). Whole words and phrases, any case.
VAGUE = [
    ("Tiedot poistetaan muun muassa asiakassuhteen päätyttyä.", "muun muassa"),
    ("Tietoja säilytetään mahdollisesti pidempään.", "mahdollisesti"),
    ("Pääsääntöisesti kaksi vuotta.", "Pääsääntöisesti"),
    ("Säilytetään tarvittaessa pidempään.", "tarvittaessa"),
    ("Tietoja säilytetään toistaiseksi.", "toistaiseksi"),
    ("Esimerkiksi laskut säilytetään lain mukaan.", "Esimerkiksi"),
    ("Tietoja voidaan säilyttää rajoitetun ajan.", "rajoitetun ajan"),
    ("Tietoja säilytetään niin kauan kuin on tarpeen.", "niin kauan kuin on tarpeen"),
    ("Vain sen ajan, kuin se on asianmukaista.", "sen ajan, kuin se on asianmukaista"),
    ("Uppgifterna sparas bland annat för bokföringen.", "bland annat"),
    ("Uppgifterna sparas eventuellt längre.", "eventuellt"),
    ("Uppgifterna raderas i regel efter två år.", "i regel"),
    ("Uppgifterna sparas längre vid behov.", "vid behov"),
    ("Uppgifterna sparas tills vidare.", "tills vidare"),
    ("Till exempel fakturor sparas enligt lag.", "Till exempel"),
    ("Uppgifterna sparas så länge det behövs.", "så länge det behövs"),
    ("For example, invoices are kept as the law requires.", "For example"),
    ("The data is possibly kept longer.", "possibly"),
    ("As a rule the data is deleted after two years.", "As a rule"),
    ("The data is kept longer where necessary.", "where necessary"),
    ("The data is kept until further notice.", "until further notice"),
    ("The data may be kept for a limited period.", "a limited period"),
    ("We keep the data only for as long as necessary.", "as long as necessary"),
    ("The data is not kept longer than is needed.", "longer than is needed"),
]


@pytest.mark.parametrize(("text", "word"), VAGUE, ids=[v[1] for v in VAGUE])
def test_a_hedge_is_named_in_the_finding(tmp_path: Path, text: str, word: str) -> None:
    (finding,) = of_rule(lint_data(tmp_path, build([_criteria(text)])), "L06")
    assert finding.severity is Severity.WARNING
    assert f"'{word}'" in finding.message and finding.path == "retention[0].criteria"
    (fi,) = of_rule(lint_data(tmp_path, build([_criteria(text)]), "fi"), "L06")
    assert f"'{word}'" in fi.message and fi.message != finding.message


@pytest.mark.parametrize(
    "text",
    [
        # Concrete criteria: an event ends the retention.
        "Tietoja säilytetään kunnes rekisteröidyn jäsenyys yhdistyksessä päättyy.",
        "Säilytetään suostumuksen peruuttamiseen saakka.",
        "When the contact has been processed, or when the customer relationship has ended.",
        "As long as the account is open.",
        "Uppgifterna sparas så länge medlemskapet pågår.",
        # Words that only look like a hedge.
        "Säilytetään mahdollisten reklamaatioiden vuoksi.",
        "Uppgifterna granskas med regelbundna intervaller.",
        "Tarvittaessaan asiakas voi pyytää poistoa.",
    ],
)
def test_a_concrete_criterion_is_not_vague(tmp_path: Path, text: str) -> None:
    assert not of_rule(lint_data(tmp_path, build([_criteria(text)])), "L06")


def test_every_language_of_the_notice_is_read(tmp_path: Path) -> None:
    # The modern example is in Finnish and English; only its Finnish text hedges.
    criteria = {"fi": "Tietoja säilytetään toistaiseksi.", "en": "Kept while the file is open."}
    data = build([(("retention", 0, "criteria"), criteria)], MODERN)
    (finding,) = of_rule(lint_data(tmp_path, data), "L06")
    assert "'toistaiseksi'" in finding.message and finding.path == "retention[0].criteria"


def test_the_hedges_of_a_text_are_named_once_each(tmp_path: Path) -> None:
    text = "Esimerkiksi laskut; tarvittaessa pidempään, esimerkiksi riitojen vuoksi."
    (finding,) = of_rule(lint_data(tmp_path, build([_criteria(text)])), "L06")
    assert "'Esimerkiksi', 'tarvittaessa'" in finding.message


def test_a_hedge_beside_a_period_and_in_the_notes_is_found(tmp_path: Path) -> None:
    data = build(
        [
            (
                ("retention", 0, "counted_from"),
                "the end of the relationship, or later if necessary",
            ),
            (("notes",), {"retention": "Data is kept as long as it is needed."}),
        ]
    )
    found = of_rule(lint_data(tmp_path, data), "L06")
    assert [f.path for f in found] == ["retention[0].counted_from", "notes.retention"]


# --- L06, L19: the periods of the acts the lint knows -------------------------------------------

# Accounting Act 1336/1997, chapter 2, section 10 (https://www.finlex.fi/fi/laki/ajantasa/1997/
# 19971336): the books and financial statements at least 10 years from the end of the financial
# period, vouchers such as invoices at least 6 years from the end of the year in which the period
# ended (as summarised by https://www.azets.fi/blogi/kirjanpitoaineiston-sailytysaika-ja-sailytys/).
ACCOUNTING = [
    ("P5Y", "Kirjanpitolaki 1336/1997", {"L06": [Severity.ERROR]}),
    ("P6Y", "Kirjanpitolaki 1336/1997", {}),
    ("P10Y", "Kirjanpitolaki 1336/1997", {"L19": [Severity.WARNING]}),
    ("P6Y", "Kirjanpitolaki 1336/1997: tilinpäätös ja kirjanpitokirjat", {"L06": [Severity.ERROR]}),
    ("P10Y", "Bokföringslagen 1336/1997: bokslut", {}),
    ("P71M", "Accounting Act", {"L06": [Severity.ERROR]}),
]


@pytest.mark.parametrize(("period", "law", "expected"), ACCOUNTING)
def test_a_period_is_compared_with_the_accounting_act(
    tmp_path: Path, period: str, law: str, expected: dict[str, list[Severity]]
) -> None:
    data = build([(("retention", 0, "period"), period), (("retention", 0, "statutory_basis"), law)])
    report = lint_data(tmp_path, data)
    found = {rule: [f.severity for f in of_rule(report, rule)] for rule in ("L06", "L19")}
    assert {rule: s for rule, s in found.items() if s} == expected


def test_a_shorter_period_says_what_the_act_requires(tmp_path: Path) -> None:
    data = build(
        [
            (("retention", 0, "period"), "P3Y"),
            (("retention", 0, "statute"), {"act": "1336/1997", "section": "2 luku 10 §"}),
        ]
    )
    (en,) = of_rule(lint_data(tmp_path, data), "L06")
    assert "3 years" in en.message and "6 years for vouchers" in en.message
    assert en.path == "retention[0].period"
    (fi,) = of_rule(lint_data(tmp_path, data, "fi"), "L06")
    assert "3 vuotta" in fi.message and "6 vuotta tositteille" in fi.message


# Act 703/2023 on the processing of client data in health and social care, annex
# (https://www.finlex.fi/fi/laki/alkup/2023/20230703): patient records 12 years from the
# patient's death, or 120 years from birth when the date of death is not known.
@pytest.mark.parametrize(("period", "longer"), [("P12Y", False), ("P120Y", False), ("P130Y", True)])
def test_the_patient_record_periods_are_both_statutory(
    tmp_path: Path, period: str, longer: bool
) -> None:
    data = build(
        [(("retention", 0, "period"), period), (("retention", 0, "statute"), {"act": "703/2023"})]
    )
    assert bool(of_rule(lint_data(tmp_path, data), "L19")) is longer


BILLING = {
    "id": "billing",
    "name": "Invoicing",
    "legal_basis": "legal_obligation",
    "basis_details": "Kirjanpitolaki 1336/1997",
    "requirement": "statutory",
    "consequences": "Without billing details the service cannot be invoiced.",
}
INVOICES = {
    "id": "invoices",
    "name": "Invoices",
    "subjects": ["clients"],
    "purposes": ["billing"],
    "sources": ["client"],
    "retention": "relationship",
}


def test_bookkeeping_without_the_act_is_asked_once(tmp_path: Path) -> None:
    report = lint_data(
        tmp_path, build([(("purposes", 1), BILLING), (("data_categories", 1), INVOICES)])
    )
    (finding,) = of_rule(report, "L06")
    assert finding.severity is Severity.WARNING and finding.path == "data_categories[1].retention"
    assert "'invoices'" in finding.message and "'relationship'" in finding.message
    assert "1336/1997" in finding.hint


def test_no_retention_at_all_is_one_finding(tmp_path: Path) -> None:
    data = build([(("retention",), DELETE), (("data_categories", 0, "retention"), DELETE)])
    (finding,) = of_rule(lint_data(tmp_path, data), "L06")
    assert finding.path == "retention" and finding.severity is Severity.ERROR


# --- L13: sources by their kind ----------------------------------------------------------------


def _source(**fields: Any) -> list[Edit]:
    source = {"id": "other", "name": "Another source", **fields}
    return [(("sources", 1), source), (("data_categories", 0, "sources"), ["client", "other"])]


@pytest.mark.parametrize(
    ("fields", "severity"),
    [
        ({"kind": "data-subject"}, None),
        ({"kind": "controller"}, None),
        # The name is the source, the kind says whether it is public: Art. 14(2)(f) is answered.
        ({"kind": "third-party"}, None),
        ({"kind": "public"}, None),
        ({}, Severity.WARNING),
        ({"description": "Given by a partner."}, Severity.INFO),
    ],
    ids=["the person", "the controller", "a third party", "public", "not stated", "described"],
)
def test_only_a_source_whose_kind_is_not_stated_is_asked_about(
    tmp_path: Path, fields: dict[str, str], severity: Severity | None
) -> None:
    found = of_rule(lint_data(tmp_path, build(_source(**fields))), "L13")
    assert [f.severity for f in found] == ([severity] if severity else [])
    if found:
        assert found[0].path == "sources[1].kind" and "public" in found[0].message


def test_data_from_others_that_no_category_names(tmp_path: Path) -> None:
    data = build([(("sources", 1), {"id": "partner", "name": "Partner", "kind": "third-party"})])
    report = lint_data(tmp_path, data)
    (finding,) = of_rule(report, "L13")
    assert finding.path == "sources[1].id" and finding.reference == "GDPR 14(1)(d)"
    assert not of_rule(report, "L17")  # the same fact, said once


# --- L10: regions ------------------------------------------------------------------------------

PROCESSOR = {"id": "cloud", "name": "Cloud Ltd", "role": "Cloud storage"}


@pytest.mark.parametrize(
    ("country", "transfers", "severity"),
    [
        ("EU", None, None),
        ("EEA", None, None),
        ("SE", None, None),
        ("worldwide", None, Severity.ERROR),
        ("worldwide", "none", Severity.ERROR),
        ("unspecified", None, Severity.WARNING),
        # The notice says nothing leaves the EU/EEA: the processor's place is not a transfer.
        ("unspecified", "none", None),
        (
            "unspecified",
            {
                "destinations": [
                    {"country": "unspecified", "safeguards": ["standard_contractual_clauses"]}
                ]
            },
            None,
        ),
    ],
)
def test_the_transfer_rule_understands_regions(
    tmp_path: Path, country: str, transfers: Any, severity: Severity | None
) -> None:
    edits: list[Edit] = [(("processors",), [{**PROCESSOR, "country": country}])]
    edits.append((("transfers",), transfers if transfers is not None else DELETE))
    found = of_rule(lint_data(tmp_path, build(edits)), "L10")
    assert [f.severity for f in found] == ([severity] if severity else [])


# --- L01, L02, L17, L23: what is not stated, said once -----------------------------------------


def test_a_postal_address_is_advised_when_the_controller_is_reachable(tmp_path: Path) -> None:
    (warning,) = of_rule(lint_data(tmp_path, build([(("controller", "address"), DELETE)])), "L01")
    assert (
        warning.severity is Severity.WARNING and warning.reference == "GDPR 13(1)(a); WP260 rev.01"
    )
    unreachable = build([(("controller", "address"), DELETE), (("controller", "email"), DELETE)])
    found = of_rule(lint_data(tmp_path, unreachable), "L01")
    assert [f.severity for f in found] == [Severity.ERROR, Severity.ERROR]


def test_a_register_wide_contract_asks_for_the_requirement_once(tmp_path: Path) -> None:
    purpose = {"id": "shop", "name": "Web shop"}
    edits: list[Edit] = [
        (("purposes", 0), {"id": "care", "name": "Client care"}),
        (("purposes", 1), purpose),
        (("data_categories", 0, "purposes"), ["care", "shop"]),
        (("bases",), [{"basis": "contract"}]),
    ]
    (finding,) = of_rule(lint_data(tmp_path, build(edits)), "L02")
    assert finding.path == "purposes" and finding.severity is Severity.WARNING
    assert "care, shop" in finding.message and finding.reference == "GDPR 13(2)(e)"


def test_an_unlinked_register_is_told_once(tmp_path: Path) -> None:
    data = build(
        [
            (("purposes", 1), {"id": "news", "name": "News", "legal_basis": "consent"}),
            (("data_categories", 0, "purposes"), []),
            (("data_categories", 1), {**HEALTH_CATEGORY, "purposes": []}),
        ]
    )
    (finding,) = of_rule(lint_data(tmp_path, data), "L17")
    assert finding.severity is Severity.INFO and "which purpose" in finding.message


def test_a_partly_linked_register_names_the_categories_without_purpose(tmp_path: Path) -> None:
    data = build(
        [
            (("purposes", 1), {"id": "news", "name": "News", "legal_basis": "consent"}),
            (("data_categories", 1), {**HEALTH_CATEGORY, "purposes": []}),
        ]
    )
    found = of_rule(lint_data(tmp_path, data), "L17")
    # 'news' may be the unlinked category's purpose: only the category is reported.
    assert [f.path for f in found] == ["data_categories[1].purposes"]


def test_no_sources_at_all_is_not_stated(tmp_path: Path) -> None:
    data = build([(("sources",), DELETE), (("data_categories", 0, "sources"), DELETE)])
    (finding,) = of_rule(lint_data(tmp_path, data), "L23")
    assert finding.path == "sources" and finding.severity is Severity.INFO
    assert not of_rule(lint_data(tmp_path, BASE), "L23")


# --- examples ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [r for r in RULES.values() if r.check.__module__ == "rekisteri.lint.rules"],
    ids=lambda rule: rule.id,
)
def test_every_rule_shows_what_to_write(rule: Any) -> None:
    assert rule.example, rule.id
    tomllib.loads(rule.example)
