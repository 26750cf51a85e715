"""The compliance lint: every rule fires on a register that has the gap and stays quiet on one
that does not; the seed gets a lawyer's findings, the modern example none; output formats parse.

Registers are built from ``BASE``, a small register that the lint finds clean, by applying edits
(key path → new value, or ``DELETE``), written with tomli-w and loaded like a user's file.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from rekisteri.errors import RekisteriError
from rekisteri.lint import (
    RULES,
    Finding,
    LintReport,
    Severity,
    format_json,
    format_sarif,
    format_text,
    lint_register,
)
from rekisteri.register.loading import load_register, parse_register
from rekisteri.register.model import Register, Right
from rekisteri.register.rights import applicable_rights

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "terhi-kallio"
LINT_SOURCES = sorted((ROOT / "src" / "rekisteri" / "lint").glob("*.py"))
CATALOGS = {
    lang: ROOT / "templates" / "locale" / lang / "LC_MESSAGES" / "lint.po" for lang in ("fi", "en")
}

BASE: dict[str, Any] = {
    "schema_version": 2,
    "name": "Client register",
    "notice": {"languages": ["en"], "version": "2024-1", "updated": date(2024, 1, 15)},
    "controller": {
        "name": "Tmi Testi",
        "address": {"street": "Siltakatu 1", "postal_code": "05900", "city": "Hyvinkää"},
        "email": "info@example.fi",
    },
    "data_subjects": [{"id": "clients", "name": "Clients"}],
    "purposes": [
        {
            "id": "care",
            "name": "Client care",
            "legal_basis": "contract",
            "requirement": "contract_prerequisite",
            "consequences": "Without contact details there is no appointment.",
        }
    ],
    "data_categories": [
        {
            "id": "contact",
            "name": "Contact details",
            "description": "Email address and phone number.",
            "subjects": ["clients"],
            "purposes": ["care"],
            "sources": ["client"],
            "retention": "relationship",
        }
    ],
    "sources": [{"id": "client", "name": "The client", "kind": "data-subject"}],
    "recipients": "none",
    "transfers": "none",
    "automated_decisions": "none",
    "retention": [
        {"id": "relationship", "period": "P2Y", "counted_from": "the end of the relationship"}
    ],
    "security": {"electronic": "The records are behind a personal password."},
    "rights": {
        "stated": "derive",
        "how_to_exercise": "Send an email to info@example.fi.",
        "complaint": "fi-ombudsman",
    },
}

DELETE = object()
Edit = tuple[tuple[str | int, ...], Any]


def build(edits: Sequence[Edit] = (), base: dict[str, Any] = BASE) -> dict[str, Any]:
    """``base`` with each edit applied: a value at a key path (lists grow by appending)."""
    data = copy.deepcopy(base)
    for path, value in edits:
        node: Any = data
        for key in path[:-1]:
            if isinstance(node, dict) and key not in node:
                node[key] = {}
            node = node[key]
        last = path[-1]
        # A copy: a later edit into the value must not change the shared constant it came from.
        if value is DELETE:
            del node[last]
        elif isinstance(node, list) and last == len(node):
            node.append(copy.deepcopy(value))
        else:
            node[last] = copy.deepcopy(value)
    return data


def lint_data(tmp_path: Path, data: dict[str, Any], lang: str = "en") -> LintReport:
    path = tmp_path / "register.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return lint_register(load_register(path), lang)


def rule_ids(report: LintReport) -> set[str]:
    return {f.rule for f in report.findings}


def of_rule(report: LintReport, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


HEALTH_STAFF = {"id": "staff", "name": "Health-care staff", "description": "Referrals."}
HEALTH_CATEGORY = {
    "id": "health",
    "name": "Health data",
    "description": "Therapy notes.",
    "subjects": ["clients"],
    "purposes": ["care"],
    "sources": ["client"],
    "retention": "relationship",
}
CONSENT_PURPOSE = {"id": "news", "name": "Newsletter", "legal_basis": "consent"}
US_PROCESSOR = {"id": "mailer", "name": "Mailer Inc", "role": "Newsletter", "country": "US"}
LI_PURPOSE = {"id": "surveys", "name": "Surveys", "legal_basis": "legitimate_interests"}
STATS_COOKIE = {
    "name": "_pk_id",
    "provider": "Matomo (own server)",
    "purpose": "Visitor statistics",
    "lifetime": "P13M",
    "necessary": False,
}


def _transfer(*safeguards: str, **fields: Any) -> Edit:
    """Transfers: one to the US resting on ``safeguards`` (alternatives)."""
    destination = {"country": "US", "recipient": "Mailer Inc", "safeguards": list(safeguards)}
    return (("transfers",), {"destinations": [{**destination, **fields}]})


def _rights_listed(*rights: str | dict[str, Any]) -> Edit:
    return (("rights", "stated"), list(rights))


# Every right the base's contract applies to: withdrawal and objection need other bases.
BASE_RIGHTS = ("access", "rectification", "erasure", "restriction", "portability")


def _with_category(**changes: Any) -> Edit:
    return (("data_categories", 1), {**HEALTH_CATEGORY, **changes})


def _using_purpose(purpose_id: str) -> Edit:
    return (("data_categories", 0, "purposes"), ["care", purpose_id])


def _criteria(text: str | dict[str, str]) -> Edit:
    """The base's retention rule with only ``text`` as its criteria."""
    return (("retention", 0), {"id": "relationship", "criteria": text})


def _basis_details(text: str) -> Edit:
    return (("purposes", 0, "basis_details"), text)


def _recipient(name: str) -> Edit:
    return (("recipients",), [{"id": "authority", "name": name, "data_categories": ["contact"]}])


def _statute(act: str) -> Edit:
    return (("retention", 0, "statute"), {"act": act})


_NO_RETENTION = (("data_categories", 0, "retention"), DELETE)
_LONGER = "Kept two years after the relationship, and longer where necessary."
# A second data category kept only for the bookkeeping the Accounting Act requires.
BILLING_PURPOSE = {
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
_BOOKKEEPING: list[Edit] = [(("purposes", 1), BILLING_PURPOSE), (("data_categories", 1), INVOICES)]


# (case id, rule, edits): the edits create exactly the gap the rule is about.
TRIGGERS: list[tuple[str, str, list[Edit]]] = [
    ("no postal address", "L01", [(("controller", "address"), DELETE)]),
    ("no email or phone", "L01", [(("controller", "email"), DELETE)]),
    ("no legal basis", "L02", [(("purposes", 0, "legal_basis"), DELETE)]),
    (
        "a register-wide basis for another purpose",
        "L02",
        [
            (("purposes", 0, "legal_basis"), DELETE),
            (("purposes", 1), CONSENT_PURPOSE),
            _using_purpose("news"),
            (("bases",), [{"basis": "contract", "purposes": ["news"]}]),
        ],
    ),
    ("contract without consequences", "L02", [(("purposes", 0, "consequences"), DELETE)]),
    (
        "a register-wide contract without consequences",
        "L02",
        [
            (("purposes", 0, "legal_basis"), DELETE),
            (("purposes", 0, "requirement"), DELETE),
            (("purposes", 0, "consequences"), DELETE),
            (("bases",), [{"basis": "contract"}]),
        ],
    ),
    (
        "legitimate interest not described",
        "L03",
        [(("purposes", 1), LI_PURPOSE), _using_purpose("surveys")],
    ),
    (
        "scoped legitimate interest not described",
        "L03",
        [
            (("purposes", 0, "legal_basis"), DELETE),
            (
                ("purposes", 0, "bases"),
                [
                    {"basis": "contract", "while": "during the client relationship"},
                    {"basis": "legitimate_interests", "while": "for two years after it"},
                ],
            ),
        ],
    ),
    (
        "register-wide legitimate interest",
        "L03",
        [(("bases",), [{"basis": "legitimate_interests"}])],
    ),
    ("special without condition", "L04", [_with_category(special={"category": "health"})]),
    (
        "care condition without national law",
        "L04",
        [
            (("controller", "health_care_provider"), True),
            _with_category(special={"category": "health", "condition": "health_or_social_care"}),
        ],
    ),
    (
        "care condition claimed by a hairdresser",
        "L04",
        [
            _with_category(
                special={
                    "category": "health",
                    "condition": "health_or_social_care",
                    "national_ground": "Tietosuojalaki 6 §",
                }
            )
        ],
    ),
    (
        "data from health-care staff not marked special",
        "L04",
        [(("sources", 1), HEALTH_STAFF), _with_category(sources=["staff"])],
    ),
    (
        "consent without any withdrawal route",
        "L05",
        [(("rights",), DELETE), (("purposes", 1), CONSENT_PURPOSE), _using_purpose("news")],
    ),
    (
        "consent with withdrawal not listed",
        "L05",
        [_rights_listed(*BASE_RIGHTS), (("purposes", 1), CONSENT_PURPOSE), _using_purpose("news")],
    ),
    (
        "consent for the whole register, rights not stated",
        "L05",
        [(("rights", "stated"), DELETE), (("bases",), [{"basis": "consent"}])],
    ),
    ("category without retention", "L06", [(("data_categories", 0, "retention"), DELETE)]),
    ("no retention rule at all", "L06", [(("retention",), DELETE), _NO_RETENTION]),
    ("'as long as necessary'", "L06", [_criteria("As long as necessary for the purposes.")]),
    ("'where necessary' beside a period", "L06", [(("retention", 0, "criteria"), _LONGER)]),
    (
        "'pääsääntöisesti' in Finnish",
        "L06",
        [_criteria("Tiedot poistetaan pääsääntöisesti asiakassuhteen päätyttyä.")],
    ),
    ("'tills vidare' in Swedish", "L06", [_criteria("Uppgifterna sparas tills vidare.")]),
    (
        "a hedge in the retention notes",
        "L06",
        [(("notes",), {"retention": "Data is possibly kept longer."})],
    ),
    (
        "five years under the Accounting Act",
        "L06",
        [
            (("retention", 0, "period"), "P5Y"),
            (("retention", 0, "statute"), {"act": "1336/1997", "section": "2 luku 10 §"}),
        ],
    ),
    (
        "six years for the financial statements",
        "L06",
        [
            (("retention", 0, "period"), "P6Y"),
            (("retention", 0, "statutory_basis"), "Kirjanpitolaki 1336/1997: tilinpäätös"),
        ],
    ),
    ("bookkeeping kept without the law", "L06", _BOOKKEEPING),
    (
        "patient records kept two years",
        "L06",
        [
            (("controller", "health_care_provider"), True),
            _with_category(
                special={
                    "category": "health",
                    "condition": "health_or_social_care",
                    "national_ground": "Tietosuojalaki 6 §",
                }
            ),
        ],
    ),
    ("no rights section", "L07", [(("rights",), DELETE)]),
    ("rights not listed", "L07", [(("rights", "stated"), DELETE)]),
    ("complaint route not stated", "L07", [(("rights", "complaint"), DELETE)]),
    ("erasure not listed", "L07", [_rights_listed("access", "rectification", "restriction")]),
    (
        "objection not listed under legitimate interests",
        "L07",
        [
            _rights_listed(*BASE_RIGHTS),
            (("purposes", 1), {**LI_PURPOSE, "legitimate_interest": "Improving the service."}),
            _using_purpose("surveys"),
        ],
    ),
    (
        "old Ombudsman address",
        "L07",
        [
            (
                ("rights", "complaint"),
                {
                    "name": "Tietosuojavaltuutetun toimisto",
                    "postal_address": {
                        "street": "PL 315",
                        "postal_code": "00181",
                        "city": "Helsinki",
                    },
                },
            )
        ],
    ),
    (
        "Henkilötietolaki",
        "L08",
        [(("description",), "Laadittu henkilötietolain 10 §:n mukaisesti.")],
    ),
    ("523/99", "L08", [(("notice", "legal_reference"), "Act 523/99, section 10")]),
    ("Privacy Shield", "L08", [(("notes", "processors"), "Covered by the Privacy Shield.")]),
    ("Privacy Shield as a safeguard", "L28", [_transfer("privacy_shield")]),
    ("the 2010 clauses as a safeguard", "L28", [_transfer("standard_contractual_clauses_2010")]),
    (
        "Privacy Shield beside the clauses",
        "L28",
        [_transfer("standard_contractual_clauses", "privacy_shield")],
    ),
    ("the 2010 clauses by number", "L08", [(("notes", "processors"), "Decision 2010/87/EU.")]),
    ("tietosuojalautakunta", "L08", [(("rights", "extra"), "Valitus tietosuojalautakunnalle.")]),
    ("the 2009 patient-document decree", "L08", [_basis_details("STM:n asetus 298/2009")]),
    ("Valvira as a recipient", "L08", [_recipient("Valvira")]),
    ("a repealed act as a structured statute", "L08", [_statute("523/1999")]),
    ("hetu without ground", "L09", [(("data_categories", 0, "hetu"), True)]),
    ("processor in the US", "L10", [(("processors",), [US_PROCESSOR])]),
    (
        "processor worldwide",
        "L10",
        [(("processors",), [{**US_PROCESSOR, "country": "worldwide"}])],
    ),
    (
        "a transfer to the processor's country for someone else",
        "L10",
        [
            (("processors",), [US_PROCESSOR]),
            _transfer("derogation", derogation="explicit_consent", recipient="A hotel"),
        ],
    ),
    (
        "processor at a place not stated, transfers not stated",
        "L10",
        [(("processors",), [{**US_PROCESSOR, "country": "unspecified"}]), (("transfers",), DELETE)],
    ),
    (
        "Art. 49 derogation to the processor by name",
        "L29",
        [
            (("processors",), [US_PROCESSOR]),
            _transfer("derogation", derogation="explicit_consent"),
        ],
    ),
    (
        "Art. 49 derogation named for the processor",
        "L29",
        [
            (("processors",), [{**US_PROCESSOR, "country": "FI"}]),
            _transfer("derogation", derogation="explicit_consent", processor="mailer"),
        ],
    ),
    (
        "Privacy Shield as the processor's safeguard",
        "L28",
        [(("processors",), [US_PROCESSOR]), _transfer("privacy_shield", processor="mailer")],
    ),
    (
        "processor hidden from recipients",
        "L11",
        [(("processors",), [{**US_PROCESSOR, "country": "FI", "recipient": False}])],
    ),
    (
        "email marketing without consent model",
        "L12",
        [(("direct_marketing",), {"channels": ["email"]})],
    ),
    (
        "soft opt-in without opt-out",
        "L12",
        [(("direct_marketing",), {"channels": ["sms"], "consent_model": "soft_opt_in"})],
    ),
    (
        "a source whose kind is not stated",
        "L13",
        [(("sources", 0, "kind"), DELETE)],
    ),
    (
        "data from a partner that no category names",
        "L13",
        [(("sources", 1), {"id": "partner", "name": "Partner", "kind": "third-party"})],
    ),
    (
        "next of kin from nowhere",
        "L13",
        [
            (("data_categories", 1), {**HEALTH_CATEGORY, "id": "kin", "sources": []}),
            (("data_categories", 1, "third_party"), True),
        ],
    ),
    (
        "children consent online",
        "L14",
        [
            (("data_subjects", 0, "children"), True),
            (("purposes", 1), {**CONSENT_PURPOSE, "online_service": True}),
            _using_purpose("news"),
        ],
    ),
    (
        "special data, no security measures",
        "L15",
        [
            (("security",), DELETE),
            _with_category(special={"category": "health", "condition": "explicit_consent"}),
        ],
    ),
    (
        "criminal data, no security measures",
        "L15",
        [(("security",), DELETE), (("data_categories", 0, "criminal"), True)],
    ),
    (
        "rekisteriseloste with legitimate interests",
        "L16",
        [
            (("notice", "layout"), "rekisteriseloste"),
            (
                ("purposes", 1),
                {
                    "id": "surveys",
                    "name": "Surveys",
                    "legal_basis": "legitimate_interests",
                    "legitimate_interest": "Improving the service.",
                },
            ),
            _using_purpose("surveys"),
        ],
    ),
    ("unused purpose", "L17", [(("purposes", 1), CONSENT_PURPOSE)]),
    ("unused source", "L17", [(("sources", 1), {"id": "x", "name": "X", "kind": "controller"})]),
    ("unused group", "L17", [(("data_subjects", 1), {"id": "kin", "name": "Next of kin"})]),
    (
        "unused retention",
        "L17",
        [(("retention", 1), {"id": "old", "period": "P1Y", "counted_from": "x"})],
    ),
    ("category without purpose", "L17", [(("data_categories", 0, "purposes"), [])]),
    (
        "a category without purpose beside one with",
        "L17",
        [(("data_categories", 1), {**HEALTH_CATEGORY, "purposes": []})],
    ),
    (
        "portability under a legal obligation",
        "L18",
        [
            (("purposes", 0, "legal_basis"), "legal_obligation"),
            (("purposes", 0, "requirement"), "statutory"),
            (("rights", "extra"), "You may also ask for data portability."),
        ],
    ),
    (
        "portability listed under a legal obligation",
        "L18",
        [
            (("purposes", 0, "legal_basis"), "legal_obligation"),
            (("purposes", 0, "requirement"), "statutory"),
            _rights_listed(*BASE_RIGHTS),
        ],
    ),
    (
        "ten years under the Accounting Act",
        "L19",
        [
            (("retention", 0, "period"), "P10Y"),
            (("retention", 0, "statutory_basis"), "Kirjanpitolaki 1336/1997"),
        ],
    ),
    (
        "ten years under the structured Accounting Act",
        "L19",
        [
            (("retention", 0, "period"), "P10Y"),
            (("retention", 0, "statute"), {"act": "1336/1997", "section": "2 luku 10 §"}),
        ],
    ),
    (
        "ten years for paper under the Accounting Act",
        "L19",
        [
            (
                ("retention", 0),
                {
                    "id": "relationship",
                    "terms": [
                        {"period": "P10Y", "medium": "paper"},
                        {"period": "P6Y", "medium": "electronic"},
                    ],
                    "statutory_basis": "Kirjanpitolaki 1336/1997",
                },
            )
        ],
    ),
    # A booking system is a service L50 names (with the data's severity); L20 keeps the
    # customer information systems L50 has no word for.
    (
        "client information system without processor",
        "L20",
        [(("security", "electronic"), "The data is kept in a client information system.")],
    ),
    (
        "asiakastietojärjestelmä without processor",
        "L20",
        [(("notes",), {"data_categories": "Tiedot ovat asiakastietojärjestelmässä."})],
    ),
    ("no date", "L21", [(("notice", "updated"), DELETE)]),
    ("objection listed under a contract", "L22", [_rights_listed(*BASE_RIGHTS, "objection")]),
    (
        "withdrawal listed without consent",
        "L22",
        [_rights_listed(*BASE_RIGHTS, {"right": "withdraw_consent", "how": "Email us."})],
    ),
    (
        "the Art. 22 right listed when no decisions are made",
        "L22",
        [_rights_listed(*BASE_RIGHTS, "automated_decisions")],
    ),
    ("recipients not stated", "L23", [(("recipients",), DELETE)]),
    ("transfers not stated", "L23", [(("transfers",), DELETE)]),
    (
        "transfers with only a sentence",
        "L23",
        [(("transfers",), {"statement": "We do not transfer data."})],
    ),
    ("automated decisions not stated", "L23", [(("automated_decisions",), DELETE)]),
    (
        "sources not stated",
        "L23",
        [(("sources",), DELETE), (("data_categories", 0, "sources"), DELETE)],
    ),
    (
        "processor described only by its role",
        "L24",
        [(("processors",), [{"id": "cloud", "role": "Cloud service", "country": "FI"}])],
    ),
    (
        "processor without a country",
        "L24",
        [(("processors",), [{"id": "cloud", "name": "Cloud Oy", "role": "Cloud service"}])],
    ),
    ("statistics cookie without consent", "L25", [(("cookies",), [STATS_COOKIE])]),
    (
        "cookie whose necessity is not stated",
        "L25",
        [(("cookies",), [{k: v for k, v in STATS_COOKIE.items() if k != "necessary"}])],
    ),
    (
        "cookie set from the US",
        "L26",
        [(("cookies",), [{**STATS_COOKIE, "provider": "Google LLC", "country": "US"}])],
    ),
    (
        "cookies by kind set from the US",
        "L26",
        [(("cookies",), [{"purpose": "Statistics", "necessary": True, "country": "US"}])],
    ),
    (
        "consent as a condition of the service",
        "L27",
        [
            (("purposes", 1), {**CONSENT_PURPOSE, "consent_required_for_service": True}),
            _using_purpose("news"),
        ],
    ),
]

# (case id, rule, edits): near misses that must not fire the rule.
QUIET: list[tuple[str, str, list[Edit]]] = [
    (
        "a visiting address only",
        "L01",
        [
            (("controller", "address"), DELETE),
            (
                ("controller", "visiting_address"),
                {"street": "Siltakatu 1", "postal_code": "05900", "city": "Hyvinkää"},
            ),
        ],
    ),
    (
        "contact person's phone reaches the controller",
        "L01",
        [(("controller", "email"), DELETE), (("contact",), {"name": "T", "phone": "045 127 0888"})],
    ),
    ("consent needs no requirement", "L02", [(("purposes", 0), {**CONSENT_PURPOSE, "id": "care"})]),
    (
        "a contract whose data comes from others only",
        "L02",
        [
            (("purposes", 0, "consequences"), DELETE),
            (("sources", 0, "kind"), "third-party"),
        ],
    ),
    (
        "several bases",
        "L02",
        [
            (("purposes", 0, "legal_basis"), DELETE),
            (("purposes", 0, "bases"), [{"basis": "contract"}, {"basis": "legal_obligation"}]),
        ],
    ),
    (
        "a register-wide basis covers the purpose",
        "L02",
        [
            (("purposes", 0, "legal_basis"), DELETE),
            (("bases",), [{"basis": "contract", "purposes": ["care"]}]),
        ],
    ),
    (
        "legitimate interest described",
        "L03",
        [
            (("purposes", 1), {**LI_PURPOSE, "legitimate_interest": "Improving the service."}),
            _using_purpose("surveys"),
        ],
    ),
    (
        "scoped legitimate interest described",
        "L03",
        [
            (("purposes", 0, "legal_basis"), DELETE),
            (
                ("purposes", 0, "bases"),
                [{"basis": "legitimate_interests", "interest": "Answering follow-up questions."}],
            ),
        ],
    ),
    (
        "explicit consent needs no national law",
        "L04",
        [_with_category(special={"category": "health", "condition": "explicit_consent"})],
    ),
    (
        "social media is not social care",
        "L04",
        [
            (("sources", 1), {"id": "some", "name": "Social media", "description": "Profiles."}),
            _with_category(sources=["some"]),
        ],
    ),
    (
        "health-care provider with a national ground and statutory retention",
        "L04",
        [
            (("controller", "health_care_provider"), True),
            (
                ("retention", 1),
                {
                    "id": "records",
                    "period": "P12Y",
                    "counted_from": "the patient's death",
                    "statutory_basis": "Act 703/2023",
                },
            ),
            _with_category(
                retention="records",
                special={
                    "category": "health",
                    "condition": "health_or_social_care",
                    "national_ground": "Tietosuojalaki 6 §",
                },
            ),
        ],
    ),
    (
        "marketing consent withdrawn through the opt-out",
        "L05",
        [
            (("rights",), DELETE),
            (("purposes", 1), {**CONSENT_PURPOSE, "direct_marketing": True}),
            _using_purpose("news"),
            (
                ("direct_marketing",),
                {"channels": ["email"], "consent_model": "prior_consent", "opt_out": "Reply STOP."},
            ),
        ],
    ),
    (
        "consent with withdrawal listed",
        "L05",
        [
            _rights_listed(*BASE_RIGHTS, "withdraw_consent"),
            (("purposes", 1), CONSENT_PURPOSE),
            _using_purpose("news"),
        ],
    ),
    (
        "an end date",
        "L06",
        [(("retention", 0), {"id": "relationship", "until": date(2030, 12, 31)})],
    ),
    (
        "criteria with a structured statute",
        "L06",
        [
            (("retention", 0), {"id": "relationship", "criteria": "As the law requires."}),
            (("retention", 0, "statute"), {"act": "1336/1997"}),
        ],
    ),
    (
        "patient records in a term of their own",
        "L06",
        [
            (("controller", "health_care_provider"), True),
            (
                ("retention", 1),
                {
                    "id": "records",
                    "terms": [
                        {"period": "P12Y", "counted_from": "the patient's death"},
                        {"criteria": "120 years from birth if the date of death is not known."},
                    ],
                    "statute": {"act": "703/2023"},
                },
            ),
            _with_category(
                retention=["records"],
                special={
                    "category": "health",
                    "condition": "health_or_social_care",
                    "national_ground": "Tietosuojalaki 6 §",
                },
            ),
        ],
    ),
    (
        "criteria with a statutory basis",
        "L06",
        [
            (("retention", 0, "period"), DELETE),
            (("retention", 0, "counted_from"), DELETE),
            (("retention", 0, "criteria"), "As the law requires."),
            (("retention", 0, "statutory_basis"), "Kirjanpitolaki 1336/1997"),
        ],
    ),
    (
        "concrete criteria by medium",
        "L06",
        [
            (
                ("retention", 0),
                {
                    "id": "relationship",
                    "terms": [
                        {"criteria": "While the paper file is open.", "medium": "paper"},
                        {"criteria": "While the account is open.", "medium": "electronic"},
                    ],
                },
            )
        ],
    ),
    ("a concrete criterion", "L06", [_criteria("As long as the relationship lasts.")]),
    ("until consent is withdrawn", "L06", [_criteria("Kunnes suostumus peruutetaan.")]),
    (
        "'mahdollisten' is not 'mahdollisesti'",
        "L06",
        [(("retention", 0, "criteria"), "Säilytetään mahdollisten reklamaatioiden vuoksi.")],
    ),
    (
        "six years under the Accounting Act",
        "L06",
        [
            (("retention", 0, "period"), "P6Y"),
            (("retention", 0, "statute"), {"act": "1336/1997", "section": "2 luku 10 §"}),
        ],
    ),
    (
        "bookkeeping kept under the law",
        "L06",
        [
            *_BOOKKEEPING,
            (("retention", 0, "period"), "P6Y"),
            (("retention", 0, "statute"), {"act": "1336/1997"}),
        ],
    ),
    (
        "data for bookkeeping and for care, without a law",
        "L06",
        [*_BOOKKEEPING, (("data_categories", 1, "purposes"), ["billing", "care"])],
    ),
    ("the Ombudsman by name", "L07", []),
    ("every right that applies listed", "L07", [_rights_listed(*BASE_RIGHTS)]),
    (
        "another authority",
        "L07",
        [
            (
                ("rights", "complaint"),
                {"name": "Integritetsskyddsmyndigheten", "website": "https://www.imy.se"},
            )
        ],
    ),
    ("the current law", "L08", [(("description",), "Tietosuojalaki 1050/2018; order 1523/1999.")]),
    ("the current clauses", "L08", [_transfer("standard_contractual_clauses")]),
    (
        "the current acts and authority",
        "L08",
        [
            _basis_details("Laki 703/2023; STM:n asetus 94/2022."),
            _recipient("Lupa- ja valvontavirasto"),
            _statute("1336/1997"),
        ],
    ),
    ("a word with 'avi' in it", "L08", [_recipient("Avidly Oy, an AVIF member")]),
    ("the current clauses, not lapsed", "L28", [_transfer("standard_contractual_clauses")]),
    (
        "an occasional transfer to a hotel",
        "L29",
        [
            (("processors",), [US_PROCESSOR]),
            _transfer("derogation", derogation="contract_with_subject", recipient="A hotel"),
        ],
    ),
    (
        "a processor's transfer under the clauses",
        "L29",
        [(("processors",), [US_PROCESSOR]), _transfer("standard_contractual_clauses")],
    ),
    (
        "hetu with a ground",
        "L09",
        [
            (("data_categories", 0, "hetu"), True),
            (("data_categories", 0, "hetu_ground"), "consent"),
        ],
    ),
    (
        "processor under the Data Privacy Framework",
        "L10",
        [
            (("processors",), [US_PROCESSOR]),
            _transfer("data_privacy_framework", processor="mailer"),
        ],
    ),
    (
        "processor under the Data Privacy Framework or the clauses",
        "L10",
        [
            (("processors",), [US_PROCESSOR]),
            _transfer("data_privacy_framework", "standard_contractual_clauses"),
        ],
    ),
    (
        "processor in a place not stated",
        "L10",
        [(("processors",), [{**US_PROCESSOR, "country": "unspecified"}])],
    ),
    (
        "an occasional transfer under a derogation",
        "L10",
        [
            (("processors",), [{**US_PROCESSOR, "country": "FI"}]),
            _transfer("derogation", derogation="explicit_consent"),
        ],
    ),
    ("processor in Sweden", "L10", [(("processors",), [{**US_PROCESSOR, "country": "SE"}])]),
    (
        "processor somewhere in the EU, transfers not stated",
        "L10",
        [(("processors",), [{**US_PROCESSOR, "country": "EU"}]), (("transfers",), DELETE)],
    ),
    ("processor listed", "L11", [(("processors",), [{**US_PROCESSOR, "country": "FI"}])]),
    ("post only", "L12", [(("direct_marketing",), {"channels": ["post"]})]),
    ("marketing stated none", "L12", [(("direct_marketing",), "none")]),
    (
        "indirect data described",
        "L13",
        [
            (
                ("sources", 1),
                {"id": "partner", "name": "Partner", "kind": "third-party", "description": "x"},
            ),
            (("data_categories", 0, "sources"), ["client", "partner"]),
        ],
    ),
    (
        "a public source named",
        "L13",
        [
            (("sources", 1), {"id": "register", "name": "Trade Register", "kind": "public"}),
            (("data_categories", 0, "sources"), ["client", "register"]),
            (("data_categories", 0, "description"), DELETE),
        ],
    ),
    (
        "next of kin given by the client",
        "L13",
        [
            (("data_categories", 0, "third_party"), True),
            (("data_categories", 0, "description"), DELETE),
        ],
    ),
    (
        "the controller's own notes",
        "L13",
        [
            (("sources", 1), {"id": "notes", "name": "Visit notes", "kind": "controller"}),
            (("data_categories", 0, "sources"), ["client", "notes"]),
            (("data_categories", 0, "description"), DELETE),
        ],
    ),
    (
        "children's consent checked",
        "L14",
        [
            (("data_subjects", 0, "children"), True),
            (
                ("purposes", 1),
                {
                    **CONSENT_PURPOSE,
                    "online_service": True,
                    "child_consent": {"from_age": 13, "how_checked": "A guardian confirms."},
                },
            ),
            _using_purpose("news"),
        ],
    ),
    (
        "children under a contract",
        "L14",
        [
            (("data_subjects", 0, "children"), True),
            (("purposes", 0, "online_service"), True),
        ],
    ),
    (
        "special data with security measures",
        "L15",
        [_with_category(special={"category": "health", "condition": "explicit_consent"})],
    ),
    (
        "special data with only the structured security measures",
        "L15",
        [
            _with_category(special={"category": "health", "condition": "explicit_consent"}),
            (("security",), {"access_control": "Only I can open the client system."}),
        ],
    ),
    ("rekisteriseloste with a contract only", "L16", [(("notice", "layout"), "rekisteriseloste")]),
    (
        "rekisteriseloste with marketing stated none",
        "L16",
        [(("notice", "layout"), "rekisteriseloste"), (("direct_marketing",), "none")],
    ),
    ("everything used", "L17", []),
    (
        "portability under a contract",
        "L18",
        [(("rights", "extra"), "You may also ask for data portability.")],
    ),
    ("portability listed under a contract", "L18", [_rights_listed(*BASE_RIGHTS)]),
    (
        "six years under the Accounting Act",
        "L19",
        [
            (("retention", 0, "period"), "P6Y"),
            (("retention", 0, "statutory_basis"), "Kirjanpitolaki 1336/1997"),
        ],
    ),
    (
        "ten years for the financial statements",
        "L19",
        [
            (("retention", 0, "period"), "P10Y"),
            (("retention", 0, "statutory_basis"), "Kirjanpitolaki 1336/1997: tilinpäätös"),
        ],
    ),
    (
        "client information system with its processor",
        "L20",
        [
            (("security", "electronic"), "The data is kept in a client information system."),
            (("processors",), [{**US_PROCESSOR, "country": "FI"}]),
        ],
    ),
    (
        "only an effective date",
        "L21",
        [(("notice", "updated"), DELETE), (("notice", "effective"), date(2024, 2, 1))],
    ),
    (
        "only a drawn-up date",
        "L21",
        [(("notice", "updated"), DELETE), (("notice", "drawn_up"), date(2024, 2, 1))],
    ),
    (
        "objection listed under legitimate interests",
        "L22",
        [
            _rights_listed(*BASE_RIGHTS, "objection"),
            (("purposes", 1), {**LI_PURPOSE, "legitimate_interest": "Improving the service."}),
            _using_purpose("surveys"),
        ],
    ),
    (
        "objection listed with direct marketing",
        "L22",
        [
            _rights_listed(*BASE_RIGHTS, "objection"),
            (("direct_marketing",), {"channels": ["post"]}),
        ],
    ),
    (
        "objection listed while a purpose has no basis",
        "L22",
        [
            _rights_listed(*BASE_RIGHTS, "objection"),
            (("purposes", 1), {"id": "news", "name": "Newsletter"}),
            _using_purpose("news"),
        ],
    ),
    (
        "the Art. 22 right listed when decisions are not stated",
        "L22",
        [_rights_listed(*BASE_RIGHTS, "automated_decisions"), (("automated_decisions",), DELETE)],
    ),
    ("every required section stated", "L23", []),
    (
        "decisions stated in a table",
        "L23",
        [(("automated_decisions",), {"used": False, "profiling": False})],
    ),
    (
        "processor named and located",
        "L24",
        [(("processors",), [{**US_PROCESSOR, "country": "FI"}])],
    ),
    (
        "statistics cookie with consent",
        "L25",
        [
            (("cookies",), [STATS_COOKIE]),
            (("purposes", 1), CONSENT_PURPOSE),
            _using_purpose("news"),
        ],
    ),
    ("necessary cookie", "L25", [(("cookies",), [{**STATS_COOKIE, "necessary": True}])]),
    ("cookie from Sweden", "L26", [(("cookies",), [{**STATS_COOKIE, "country": "SE"}])]),
    (
        "cookie from the US under the Data Privacy Framework",
        "L26",
        [
            (("cookies",), [{**STATS_COOKIE, "necessary": True, "country": "US"}]),
            _transfer("data_privacy_framework"),
        ],
    ),
    (
        "consent that is not a condition",
        "L27",
        [(("purposes", 1), CONSENT_PURPOSE), _using_purpose("news")],
    ),
]


def test_base_is_clean(tmp_path: Path) -> None:
    report = lint_data(tmp_path, BASE)
    assert report.findings == []
    assert not report.fails(strict=True)


@pytest.mark.parametrize(("rule", "edits"), [c[1:] for c in TRIGGERS], ids=[c[0] for c in TRIGGERS])
def test_rule_fires(tmp_path: Path, rule: str, edits: list[Edit]) -> None:
    report = lint_data(tmp_path, build(edits))
    found = of_rule(report, rule)
    assert found, f"{rule} did not fire; found {sorted(rule_ids(report))}"
    for finding in found:
        assert finding.message and finding.hint and finding.reference and finding.path
        assert finding.line is not None and finding.line >= 1


@pytest.mark.parametrize(("rule", "edits"), [c[1:] for c in QUIET], ids=[c[0] for c in QUIET])
def test_rule_stays_quiet(tmp_path: Path, rule: str, edits: list[Edit]) -> None:
    report = lint_data(tmp_path, build(edits))
    assert not of_rule(report, rule), [f.message for f in of_rule(report, rule)]


# The rules of rekisteri.lint.rules; the context rules (L40 on) have theirs in test_context.py.
OWN_RULES = {r.id for r in RULES.values() if r.check.__module__ == "rekisteri.lint.rules"}


def test_every_rule_has_a_trigger_and_a_near_miss() -> None:
    assert {"L01", "L15", "L21", "L27", "L28", "L29"} <= OWN_RULES
    assert {c[1] for c in TRIGGERS} == OWN_RULES
    assert {c[1] for c in QUIET} == OWN_RULES


def test_legitimate_interest_without_interest(tmp_path: Path) -> None:
    # A faithful transcription that names the basis without the interest loads; the lint says
    # what it lacks, at the basis, in a file or in memory.
    data = build([(("purposes", 1), LI_PURPOSE), _using_purpose("surveys")])
    report = lint_data(tmp_path, data)
    (finding,) = of_rule(report, "L03")
    assert finding.path == "purposes[1].legal_basis" and finding.line is not None
    (fi,) = of_rule(lint_data(tmp_path, data, "fi"), "L03")
    assert fi.message and fi.message != finding.message
    (in_memory,) = of_rule(lint_register(Register.model_validate(data)), "L03")
    assert in_memory.line is None  # no source file to point into
    scoped = build(
        [
            (("purposes", 0, "legal_basis"), DELETE),
            (("purposes", 0, "bases"), [{"basis": "contract"}, {"basis": "legitimate_interests"}]),
        ]
    )
    assert [f.path for f in of_rule(lint_data(tmp_path, scoped), "L03")] == [
        "purposes[0].bases[1].basis"
    ]


def test_severity_depends_on_the_case(tmp_path: Path) -> None:
    missing = lint_data(tmp_path, build([(("purposes", 0, "legal_basis"), DELETE)]))
    assert [f.severity for f in of_rule(missing, "L02")] == [Severity.ERROR]
    silent = lint_data(tmp_path, build([(("purposes", 0, "consequences"), DELETE)]))
    (warning,) = of_rule(silent, "L02")
    assert warning.severity is Severity.WARNING
    assert warning.reference == "GDPR 13(2)(e)"
    prior = lint_data(
        tmp_path,
        build([(("direct_marketing",), {"channels": ["sms"], "consent_model": "prior_consent"})]),
    )
    assert [f.severity for f in of_rule(prior, "L12")] == [Severity.WARNING]
    soft = lint_data(
        tmp_path,
        build([(("direct_marketing",), {"channels": ["sms"], "consent_model": "soft_opt_in"})]),
    )
    assert [f.severity for f in of_rule(soft, "L12")] == [Severity.ERROR]


def test_repealed_law_named_once_per_text(tmp_path: Path) -> None:
    data = build([(("notice", "legal_reference"), "Henkilötietolaki (523/99) 10 §")])
    (finding,) = of_rule(lint_data(tmp_path, data), "L08")
    assert finding.path == "notice.legal_reference"
    assert "523/1999" in finding.message
    assert finding.reference == "Data Protection Act 1050/2018, section 38"


def test_each_unstated_section_is_shown_its_own_example(tmp_path: Path) -> None:
    """L23 finds four sections left out; each finding's example writes that section, and only
    it (the recipients' example under a missing source would answer the wrong question)."""
    edits = [
        (("recipients",), DELETE),
        (("transfers",), DELETE),
        (("automated_decisions",), DELETE),
        (("sources",), DELETE),
        (("data_categories", 0, "sources"), DELETE),
    ]
    findings = of_rule(lint_data(tmp_path, build(edits)), "L23")
    sections = ("recipients", "transfers", "automated_decisions", "sources")
    assert sorted(f.path for f in findings) == sorted(sections)
    for finding in findings:
        assert finding.path in finding.example, (finding.path, finding.example)
        others = [s for s in sections if s != finding.path and s in finding.example]
        assert others == [], (finding.path, finding.example)
        # The example is TOML a person can paste.
        tomllib.loads(finding.example)


def test_retention_period_is_written_out(tmp_path: Path) -> None:
    data = build(
        [
            (("retention", 0, "period"), "P10Y"),
            (("retention", 0, "statutory_basis"), "Kirjanpitolaki 1336/1997"),
        ]
    )
    (en,) = of_rule(lint_data(tmp_path, data, "en"), "L19")
    (fi,) = of_rule(lint_data(tmp_path, data, "fi"), "L19")
    assert "10 years" in en.message and "6 years for vouchers" in en.message
    assert "10 vuotta" in fi.message and "6 vuotta tositteille" in fi.message


# --- the examples ------------------------------------------------------------------------------

# The seed's booking system is L50's (context.py) to report, not L20's.
SEED_RULES = {*("L02", "L04", "L06", "L07", "L08", "L09", "L12", "L16"), "L23"}


def test_seed_gets_a_lawyers_findings() -> None:
    report = lint_register(load_register(EXAMPLES / "rekisteriseloste-2018.toml"))
    assert rule_ids(report) & OWN_RULES == SEED_RULES
    by_rule = {rule: [f.path for f in of_rule(report, rule)] for rule in SEED_RULES}
    assert by_rule["L08"] == ["notice.legal_reference"]
    assert len(by_rule["L02"]) == 4  # none of the four purposes has a legal basis
    assert by_rule["L09"] == ["data_categories[0].hetu"]
    assert by_rule["L07"] == ["rights"]
    # The 2018 text says nothing of recipients, nor whether marketing rests on prior consent.
    assert by_rule["L23"] == ["recipients"]
    assert by_rule["L12"] == ["direct_marketing.consent_model"]
    assert sorted(by_rule["L04"]) == [
        "data_categories[3].sources[1]",
        "data_categories[6].sources[1]",
    ]
    assert report.fails()


def test_modern_example_is_clean() -> None:
    report = lint_register(load_register(EXAMPLES / "register.toml"), "fi")
    assert report.findings == []
    assert not report.fails(strict=True)


MODERN = tomllib.loads((EXAMPLES / "register.toml").read_text(encoding="utf-8"))
# The modern example's purposes: 3 'offers' and 5 'survey-publication' rest on consent, 4
# 'surveys' on legitimate interests; its processors 0 'booking-system' and 1 'accounting'.
EVERY_RIGHT_BUT = {
    right: (
        ("rights", "stated"),
        [
            r
            for r in (
                *("access", "rectification", "erasure", "restriction", "portability"),
                *("objection", "withdraw_consent"),
            )
            if r != right
        ],
    )
    for right in ("erasure", "withdraw_consent")
}


MODERN_COOKIE = {**STATS_COOKIE, "purpose": {"fi": "Kävijätilastot", "en": "Visitor statistics"}}


def _booking_system_transfer(*safeguards: str, **fields: Any) -> list[Edit]:
    destination = {
        "country": "US",
        "recipient": "Ajanvaraus Inc",
        "processor": "booking-system",
        "safeguards": list(safeguards),
    }
    return [
        (("processors", 0, "country"), "US"),
        (("transfers",), {"destinations": [{**destination, **fields}]}),
    ]


# (case id, rule, edits to the modern example, paths of the rule's findings, severities).
EXAMPLE_CASES: list[tuple[str, str, list[Edit], list[str], set[Severity]]] = [
    (
        "erasure left out of the list",
        "L07",
        [EVERY_RIGHT_BUT["erasure"]],
        ["rights.stated"],
        {Severity.ERROR},
    ),
    (
        # 'offers' is direct marketing, withdrawn through its opt-out.
        "withdrawal left out of the list",
        "L05",
        [EVERY_RIGHT_BUT["withdraw_consent"]],
        ["purposes[5].legal_basis"],
        {Severity.ERROR},
    ),
    (
        "no complaint route",
        "L07",
        [(("rights", "complaint"), DELETE)],
        ["rights.complaint"],
        {Severity.ERROR},
    ),
    (
        "rights not listed",
        "L07",
        [(("rights", "stated"), DELETE)],
        ["rights.stated"],
        {Severity.ERROR},
    ),
    (
        "the Art. 22 right listed though no decisions are made",
        "L22",
        [
            (
                ("rights", "stated"),
                [
                    "access",
                    "rectification",
                    "erasure",
                    "restriction",
                    "portability",
                    "objection",
                    "withdraw_consent",
                    "automated_decisions",
                ],
            )
        ],
        ["rights.stated[7]"],
        {Severity.INFO},
    ),
    (
        # Its processors are shown among the recipients: part of the answer is there.
        "recipients not stated",
        "L23",
        [(("recipients",), DELETE)],
        ["recipients"],
        {Severity.INFO},
    ),
    (
        "transfers not stated",
        "L23",
        [(("transfers", "destinations"), DELETE)],
        ["transfers"],
        {Severity.WARNING},
    ),
    (
        "automated decisions not stated",
        "L23",
        [(("automated_decisions", "used"), DELETE)],
        ["automated_decisions"],
        {Severity.INFO},
    ),
    (
        "retention not stated for a category",
        "L06",
        [(("data_categories", 1, "retention"), DELETE)],
        ["data_categories[1].retention"],
        {Severity.ERROR},
    ),
    (
        "legitimate interest not described",
        "L03",
        [(("purposes", 4, "legitimate_interest"), DELETE)],
        ["purposes[4].legal_basis"],
        {Severity.ERROR},
    ),
    (
        "Privacy Shield",
        "L28",
        _booking_system_transfer("privacy_shield"),
        ["transfers.destinations[0].safeguards[0]"],
        {Severity.ERROR},
    ),
    (
        # The current clauses carry the transfer; the notice still names a ground that is gone.
        "the 2010 clauses beside the current ones",
        "L28",
        _booking_system_transfer(
            "standard_contractual_clauses", "standard_contractual_clauses_2010"
        ),
        ["transfers.destinations[0].safeguards[1]"],
        {Severity.WARNING},
    ),
    (
        # L28 says what is wrong with the ground given; L10 does not repeat it.
        "Privacy Shield covers no processor",
        "L10",
        _booking_system_transfer("privacy_shield"),
        [],
        set(),
    ),
    (
        "the booking system in the US without a transfer",
        "L10",
        [(("processors", 0, "country"), "US")],
        ["processors[0].country"],
        {Severity.ERROR},
    ),
    (
        "a derogation for the booking system",
        "L29",
        _booking_system_transfer("derogation", derogation="explicit_consent"),
        ["transfers.destinations[0].safeguards"],
        {Severity.WARNING},
    ),
    (
        "processor by kind only",
        "L24",
        [(("processors", 0, "name"), DELETE)],
        ["processors[0].role"],
        {Severity.INFO},
    ),
    (
        "processor not located",
        "L24",
        [(("processors", 1, "country"), DELETE)],
        ["processors[1].country"],
        {Severity.INFO},
    ),
    (
        "statistics cookie, no consent left",
        "L25",
        [
            (("cookies",), [MODERN_COOKIE]),
            (("purposes", 3, "legal_basis"), "legitimate_interests"),
            (("purposes", 3, "legitimate_interest"), {"fi": "Tarjoukset.", "en": "Offers."}),
            (("purposes", 5, "legal_basis"), "legitimate_interests"),
            (("purposes", 5, "legitimate_interest"), {"fi": "Palaute.", "en": "Feedback."}),
        ],
        ["cookies[0].necessary"],
        {Severity.WARNING},
    ),
    (
        "cookie set from the US",
        "L26",
        [(("cookies",), [{**MODERN_COOKIE, "provider": "Google LLC", "country": "US"}])],
        ["cookies[0].country"],
        {Severity.WARNING},
    ),
    (
        "consent as a condition of the service",
        "L27",
        [(("purposes", 5, "consent_required_for_service"), True)],
        ["purposes[5].consent_required_for_service"],
        {Severity.WARNING},
    ),
]


@pytest.mark.parametrize(
    ("rule", "edits", "paths", "severities"),
    [c[1:] for c in EXAMPLE_CASES],
    ids=[c[0] for c in EXAMPLE_CASES],
)
def test_a_gap_in_the_modern_example_is_found(
    tmp_path: Path, rule: str, edits: list[Edit], paths: list[str], severities: set[Severity]
) -> None:
    report = lint_data(tmp_path, build(edits, MODERN))
    found = of_rule(report, rule)
    assert [f.path for f in found] == paths, [f.message for f in report.findings]
    assert {f.severity for f in found} == severities


def test_a_right_left_out_is_named(tmp_path: Path) -> None:
    data = build([EVERY_RIGHT_BUT["erasure"]], MODERN)
    (en,) = of_rule(lint_data(tmp_path, data), "L07")
    assert "the right to erasure (Art. 17)" in en.message and '"erasure"' in en.hint
    assert en.reference == "GDPR 13(2)(b), 14(2)(c)"
    (fi,) = of_rule(lint_data(tmp_path, data, "fi"), "L07")
    assert "oikeus tietojen poistamiseen (17 artikla)" in fi.message
    # A list that leaves out only withdrawal is L05's, not also L07's.
    withdrawal = lint_data(tmp_path, build([EVERY_RIGHT_BUT["withdraw_consent"]], MODERN))
    assert not of_rule(withdrawal, "L07")


def test_a_cookie_is_named_by_what_it_is_for_when_the_notice_names_none(tmp_path: Path) -> None:
    unnamed = {"purpose": "Visitor statistics", "country": "US"}
    report = lint_data(tmp_path, build([(("cookies",), [unnamed])]))
    (necessity,) = of_rule(report, "L25")
    assert necessity.severity is Severity.INFO and necessity.path == "cookies[0]"
    assert "'Visitor statistics'" in necessity.message
    (abroad,) = of_rule(report, "L26")
    assert "'Visitor statistics'" in abroad.message and "(US)" in abroad.message


def test_the_example_with_a_cookie_and_its_consent_is_clean(tmp_path: Path) -> None:
    report = lint_data(tmp_path, build([(("cookies",), [MODERN_COOKIE])], MODERN))
    assert report.findings == []


# --- languages and catalogs ----------------------------------------------------------------------


def _msgids() -> set[str]:
    return {
        message
        for source in LINT_SOURCES
        for _, message, _, _ in extract_from_file("python", str(source))
    }


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_catalog_translates_every_message(lang: str) -> None:
    with CATALOGS[lang].open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain="lint")
    missing = [
        m for m in _msgids() if m not in catalog or not catalog[m].string or catalog[m].fuzzy
    ]
    assert missing == []
    # Placeholders in msgstr must match the msgid's (babel's python-format checker).
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert problems == []
    placeholders = re.compile(r"%\((\w+)\)[sd]")
    for message in catalog:
        if message.id:
            assert set(placeholders.findall(str(message.id))) == set(
                placeholders.findall(str(message.string))
            )


def test_finnish_differs_from_english_for_every_rule(tmp_path: Path) -> None:
    # Every trigger, not one a rule: most rules have several messages.
    for _, rule, edits in TRIGGERS:
        data = build(edits)
        fi = of_rule(lint_data(tmp_path, data, "fi"), rule)
        en = of_rule(lint_data(tmp_path, data, "en"), rule)
        assert len(fi) == len(en) > 0
        for a, b in zip(fi, en, strict=True):
            assert a.message and b.message and a.message != b.message, rule
            assert a.hint and b.hint and a.hint != b.hint, rule
            assert a.reference != b.reference, rule


def test_rule_titles_are_translated() -> None:
    with CATALOGS["fi"].open("rb") as handle:
        fi = read_po(handle, locale="fi", domain="lint")
    for rule in RULES.values():
        assert fi[rule.title].string and fi[rule.title].string != rule.title


# --- positions ---------------------------------------------------------------------------------

POSITIONED = """\
name = "Client register"
description = "Drawn up under the Personal Data Act."
schema_version = 2
recipients = "none"
transfers = "none"
automated_decisions = "none"

[notice]
languages = ["en"]
updated = 2024-01-15

[controller]
name = "Tmi Testi"
address = { street = "Siltakatu 1", postal_code = "05900", city = "Hyvinkää" }
email = "info@example.fi"

[[purposes]]
id = "care"
name = "Client care"

[[data_categories]]
id = "contact"
name = "Contact details"
description = "Email and identity code."
purposes = ["care"]
retention = "relationship"
hetu = true

[[retention]]
id = "relationship"
period = "P2Y"
counted_from = "the end of the relationship"

[security]
electronic = "A password."

[rights]
stated = "derive"
how_to_exercise = "Email us."
"""


def test_findings_point_at_the_key(tmp_path: Path) -> None:
    path = tmp_path / "register.toml"
    path.write_text(POSITIONED, encoding="utf-8")
    report = lint_register(load_register(path))
    where = {f.rule: (f.line, f.column, f.path) for f in report.findings}
    assert where == {
        "L08": (2, 1, "description"),
        # A missing key is reported at the table it belongs in.
        "L02": (17, 1, "purposes[0].legal_basis"),
        "L09": (27, 1, "data_categories[0].hetu"),
        # The notice names no source at all: reported at the top of the file.
        "L23": (1, 1, "sources"),
        "L07": (37, 1, "rights.complaint"),
    }
    text = format_text(report)
    assert f"{path}:27:1: L09 error: data_categories[0].hetu: " in text


# --- suppressions and exit codes ---------------------------------------------------------------

HETU = [(("data_categories", 0, "hetu"), True)]


def test_suppressed_finding_is_shown_with_its_reason(tmp_path: Path) -> None:
    reason = "The identity code is asked only for Kela reimbursements, under law."
    data = build([*HETU, (("lint",), {"ignore": [{"rule": "L09", "reason": reason}]})])
    report = lint_data(tmp_path, data)
    (finding,) = report.findings
    assert finding.rule == "L09" and finding.suppressed and finding.suppression_reason == reason
    assert report.active == []
    assert not report.fails() and not report.fails(strict=True)
    assert f"suppressed: {reason}" in format_text(report)
    assert "vaimennettu: " + reason in format_text(report, "fi")


def test_only_unsuppressed_errors_fail_unless_strict(tmp_path: Path) -> None:
    errors = lint_data(tmp_path, build(HETU))
    assert errors.fails() and errors.fails(strict=True)
    warning = lint_data(tmp_path, build([(("purposes", 0, "consequences"), DELETE)]))
    assert not warning.fails() and warning.fails(strict=True)
    info = lint_data(tmp_path, build([(("notice", "updated"), DELETE)]))
    assert not info.fails() and info.fails(strict=True)


def test_suppressing_an_unknown_rule_is_an_error(tmp_path: Path) -> None:
    data = build([(("lint",), {"ignore": [{"rule": "L90", "reason": "typo for L09"}]})])
    with pytest.raises(RekisteriError) as caught:
        lint_data(tmp_path, data)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.path == "lint.ignore[0].rule"
    assert diagnostic.line is not None
    assert "L90" in diagnostic.message and "L09" in diagnostic.hint


def test_suppression_without_reason_is_refused(tmp_path: Path) -> None:
    data = build([(("lint",), {"ignore": [{"rule": "L09"}]})])
    path = tmp_path / "register.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        load_register(path)
    assert any(d.path == "lint.ignore[0].reason" for d in caught.value.diagnostics)


# --- output formats ----------------------------------------------------------------------------


def _seed_report(tmp_path: Path, lang: str = "en") -> LintReport:
    """The seed with one suppression, so that every output shows a suppressed finding."""
    text = (EXAMPLES / "rekisteriseloste-2018.toml").read_text(encoding="utf-8")
    reason = "The printed notice shows the right to object apart."
    text += f'\n[lint]\nignore = [{{ rule = "L16", reason = "{reason}" }}]\n'
    path = tmp_path / "seed.toml"
    path.write_text(text, encoding="utf-8")
    return lint_register(load_register(path), lang)


def test_text_output(tmp_path: Path) -> None:
    report = _seed_report(tmp_path)
    # The counts of the seed's own rules' findings (L01–L39): 16 errors and 1 warning (L16 is
    # suppressed).
    own = [f for f in report.active if f.rule in OWN_RULES]
    assert (_count(own, Severity.ERROR), _count(own, Severity.WARNING)) == (16, 1)
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    text = format_text(report)
    assert text.endswith(f"errors: {errors}, warnings: {warnings}, info: 0, suppressed: 1\n")
    assert "hint: Add hetu_ground" in text
    fi = format_text(_seed_report(tmp_path, "fi"))
    assert f"virheitä: {errors}, varoituksia: {warnings}, huomautuksia: 0, vaimennettuja: 1" in fi
    assert " L09 virhe: " in fi


def _count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)


def test_clean_text_output(tmp_path: Path) -> None:
    assert format_text(lint_data(tmp_path, BASE)).endswith(": no findings\n")


def test_json_output(tmp_path: Path) -> None:
    report = _seed_report(tmp_path)
    document = json.loads(format_json(report))
    assert document["file"] == report.file
    assert len(document["findings"]) == len(report.findings)
    first = document["findings"][0]
    assert set(first) == {
        "rule",
        "severity",
        "message",
        "reference",
        "path",
        "line",
        "column",
        "hint",
        "suppressed",
        "suppression_reason",
        "example",
        "section",
    }
    assert document["summary"] == {
        "error": report.count(Severity.ERROR),
        "warning": report.count(Severity.WARNING),
        "info": 0,
        "suppressed": 1,
    }
    suppressed = [f for f in document["findings"] if f["suppressed"]]
    assert [f["rule"] for f in suppressed] == ["L16"]


def test_sarif_output(tmp_path: Path) -> None:
    report = _seed_report(tmp_path)
    sarif = json.loads(format_sarif(report))
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].startswith("https://") and sarif["$schema"].endswith("2.1.0.json")
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    rule_ids_ = [r["id"] for r in rules]
    assert rule_ids_ == list(RULES)
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    results = run["results"]
    assert len(results) == len(report.findings)
    for result in results:
        assert result["ruleId"] in rule_ids_
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith("seed.toml")
        assert physical["region"]["startLine"] >= 1
        assert physical["region"]["startColumn"] >= 1
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["L16"]
    assert suppressed[0]["level"] == "warning"  # L16 keeps its level when suppressed
    assert suppressed[0]["suppressions"] == [
        {"kind": "inSource", "justification": "The printed notice shows the right to object apart."}
    ]


def test_sarif_without_a_source_file_has_no_region() -> None:
    text = tomli_w.dumps(build(HETU))
    report = lint_register(parse_register(text))
    (result,) = json.loads(format_sarif(report))["runs"][0]["results"]
    assert "region" not in result["locations"][0]["physicalLocation"]


# --- the rights that apply ------------------------------------------------------------------

EVERYONES = {Right.ACCESS, Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION}
DECISIONS = {
    "used": True,
    "logic": "A score from the payment history.",
    "significance": "Decides whether an invoice is offered.",
    "consequences": "Without it, payment in advance.",
}


def _register(edits: list[Edit]) -> Register:
    return parse_register(tomli_w.dumps(build(edits)))


@pytest.mark.parametrize(
    ("edits", "more"),
    [
        ([], {Right.PORTABILITY}),
        (
            [
                (("purposes", 0, "legal_basis"), "legal_obligation"),
                (("purposes", 0, "requirement"), "statutory"),
            ],
            set(),
        ),
        (
            [
                (("purposes", 1), {"id": "news", "name": "News", "legal_basis": "consent"}),
                _using_purpose("news"),
            ],
            {Right.PORTABILITY, Right.WITHDRAW_CONSENT},
        ),
        (
            [
                (
                    ("data_categories", 0, "special"),
                    {"category": "health", "condition": "explicit_consent"},
                )
            ],
            {Right.PORTABILITY, Right.WITHDRAW_CONSENT},
        ),
        (
            [(("bases",), [{"basis": "legitimate_interests", "interest": "Security."}])],
            {Right.PORTABILITY, Right.OBJECTION},
        ),
        ([(("direct_marketing",), {"channels": ["post"]})], {Right.PORTABILITY, Right.OBJECTION}),
        ([(("direct_marketing",), "none")], {Right.PORTABILITY}),
        ([(("automated_decisions",), DECISIONS)], {Right.PORTABILITY, Right.AUTOMATED_DECISIONS}),
        ([(("automated_decisions",), DELETE)], {Right.PORTABILITY}),
    ],
    ids=[
        "contract",
        "legal obligation",
        "consent",
        "explicit consent",
        "register-wide legitimate interests",
        "direct marketing",
        "direct marketing stated none",
        "automated decisions",
        "automated decisions not stated",
    ],
)
def test_applicable_rights_follow_the_facts(edits: list[Edit], more: set[Right]) -> None:
    assert applicable_rights(_register(edits)) == EVERYONES | more


def test_the_modern_example_owes_every_right_but_the_art_22_one() -> None:
    register = parse_register(tomli_w.dumps(MODERN))
    assert applicable_rights(register) == set(Right) - {Right.AUTOMATED_DECISIONS}


@pytest.mark.parametrize("data", [BASE, MODERN], ids=["base", "modern example"])
def test_listing_exactly_the_applicable_rights_is_clean(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    derived = parse_register(tomli_w.dumps(data))
    listed = build(
        [(("rights", "stated"), sorted(r.value for r in applicable_rights(derived)))], data
    )
    path = tmp_path / "register.toml"
    path.write_text(tomli_w.dumps(listed), encoding="utf-8")
    assert lint_register(load_register(path)).findings == []
