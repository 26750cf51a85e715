"""`rekisteri diff`: semantic changes between register versions, by section."""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rekisteri.errors import RekisteriError
from rekisteri.notice.changes import described, format_html, format_json, format_text
from rekisteri.register.diff import diff_registers
from rekisteri.register.loading import parse_register
from rekisteri.register.model import Register

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "terhi-kallio"
MODERN = EXAMPLES / "register.toml"
LEGACY = EXAMPLES / "rekisteriseloste-2018.toml"


def _data(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _register(data: dict[str, Any]) -> Register:
    return parse_register(tomli_w.dumps(data), "test.toml")


@pytest.mark.parametrize("path", [MODERN, LEGACY], ids=["modern", "legacy"])
def test_a_register_has_no_changes_against_itself(path: Path) -> None:
    register = _register(_data(path))
    assert diff_registers(register, register) == []
    assert format_text(described(register, register, "fi"), "fi") == "Ei muutoksia.\n"
    assert format_text(described(register, register, "en"), "en") == "No changes.\n"


def test_reordering_items_is_not_a_change() -> None:
    data = _data(MODERN)
    shuffled = copy.deepcopy(data)
    shuffled["purposes"].reverse()
    shuffled["data_categories"].reverse()
    shuffled["data_categories"][0]["purposes"].reverse()
    assert diff_registers(_register(data), _register(shuffled)) == []


def _purpose(d: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in d["purposes"] if p["id"] == pid)


def _category(d: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in d["data_categories"] if c["id"] == cid)


def _add_purpose(d: dict[str, Any]) -> None:
    d["purposes"].append(
        {
            "id": "newsletter",
            "name": {"fi": "Uutiskirje", "en": "Newsletter"},
            "legal_basis": "consent",
        }
    )


def _remove_recipient(d: dict[str, Any]) -> None:
    d["recipients"] = [r for r in d["recipients"] if r["id"] != "care-units"]


def _add_processor(d: dict[str, Any]) -> None:
    d["processors"].append(
        {"id": "mail", "name": "Posti Oy", "role": {"fi": "Posti", "en": "Mail"}, "country": "FI"}
    )


def _add_transfer(d: dict[str, Any]) -> None:
    d["transfers"]["destinations"] = [
        {"country": "US", "recipient": "Cloud Inc.", "safeguards": ["data_privacy_framework"]}
    ]


def _split_basis(d: dict[str, Any]) -> None:
    """Client care on a contract, then on consent for the follow-up: one basis more."""
    purpose = _purpose(d, "client-care")
    del purpose["legal_basis"]
    purpose["bases"] = [
        {"basis": "contract", "while": {"fi": "hoidon aikana", "en": "during the care"}},
        {"basis": "consent", "while": {"fi": "sen jälkeen", "en": "after it"}},
    ]


def _add_cookie(d: dict[str, Any]) -> None:
    d["cookies"] = [
        {
            "name": "_pk_id",
            "provider": "Matomo",
            "purpose": {"fi": "Kävijätilastot", "en": "Visitor statistics"},
            "necessary": False,
        }
    ]


def _start_profiling(d: dict[str, Any]) -> None:
    d["automated_decisions"] = {
        "profiling": True,
        "logic": {"fi": "Pisteytys", "en": "Scoring"},
        "significance": {"fi": "Tarjoukset", "en": "Offers"},
        "consequences": {"fi": "Eri tarjoukset", "en": "Different offers"},
    }


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(d: dict[str, Any]) -> None:
        target: Any = d
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


# (mutation, expected path, kind, inform, consent). "inform" is Art. 13(3)/14(4): only a purpose
# new to the data (a new purpose, or data used for an existing purpose it was not collected for)
# must be told before the processing starts; a new recipient, processor or transfer updates the
# notice, and GDPR Art. 13(3) ("further process the personal data for a purpose other than that
# for which the personal data were collected", EUR-Lex 32016R0679) does not reach it.
INJECTED: list[tuple[str, Callable[[dict[str, Any]], None], str, str, bool, bool]] = [
    ("new purpose", _add_purpose, "purposes[newsletter]", "added", True, True),
    (
        "legal basis changed",
        lambda d: _purpose(d, "client-care").update(legal_basis="consent"),
        "purposes[client-care].legal_basis",
        "changed",
        False,
        True,
    ),
    (
        "category used for one more purpose",
        lambda d: _category(d, "feedback")["purposes"].append("offers"),
        "data_categories[feedback].purposes",
        "changed",
        True,
        False,
    ),
    (
        "category used for one purpose less",
        lambda d: _category(d, "contact-details")["purposes"].remove("surveys"),
        "data_categories[contact-details].purposes",
        "changed",
        False,
        False,
    ),
    ("recipient removed", _remove_recipient, "recipients[care-units]", "removed", False, False),
    ("processor added", _add_processor, "processors[mail]", "added", False, False),
    (
        "retention changed",
        lambda d: d["retention"][0].update(period="P5Y"),
        "retention[client-relationship].period",
        "changed",
        False,
        False,
    ),
    (
        "category reworded",
        lambda d: _category(d, "feedback").update(name={"fi": "Palautteet", "en": "Feedback"}),
        "data_categories[feedback].name",
        "changed",
        False,
        False,
    ),
    (
        "controller email",
        _set(("controller", "email"), "info@example.fi"),
        "controller.email",
        "changed",
        False,
        False,
    ),
    ("transfer added", _add_transfer, "transfers.destinations", "changed", False, False),
    (
        "transfers no longer stated",
        lambda d: d["transfers"].pop("destinations"),
        "transfers.destinations",
        "changed",
        False,
        False,
    ),
    (
        "recipients stated none",
        lambda d: d.update(recipients="none"),
        "recipients[authorities]",
        "removed",
        False,
        False,
    ),
    # A cookie that is not strictly necessary needs consent first (Act 917/2014 § 205).
    ("cookie added", _add_cookie, "cookies[_pk_id]", "added", False, True),
    (
        "joint controller added",
        lambda d: (
            d["joint_controllers"].append({"name": "Yhteistyö Oy"})
            if "joint_controllers" in d
            else d.update(joint_controllers=[{"name": "Yhteistyö Oy"}])
        ),
        "joint_controllers[Yhteistyö Oy]",
        "added",
        False,
        False,
    ),
    (
        "automated decisions removed",
        lambda d: d.pop("automated_decisions"),
        "automated_decisions",
        "removed",
        False,
        False,
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "kind", "inform", "consent"),
    [case[1:] for case in INJECTED],
    ids=[case[0] for case in INJECTED],
)
def test_each_injected_change_appears_exactly_once(
    mutate: Callable[[dict[str, Any]], None], path: str, kind: str, inform: bool, consent: bool
) -> None:
    old = _data(MODERN)
    new = copy.deepcopy(old)
    mutate(new)
    changes = diff_registers(_register(old), _register(new))
    if path == "recipients[authorities]":
        # Both recipients go; the notice then says that nobody receives the data.
        assert [c.path for c in changes] == ["recipients[authorities]", "recipients[care-units]"]
        changes = changes[:1]
    assert [(c.path, c.kind, c.inform, c.consent) for c in changes] == [
        (path, kind, inform, consent)
    ]


def test_transfers_none_is_one_statement_however_written() -> None:
    old = _data(MODERN)
    del old["transfers"]["statement"]
    new = copy.deepcopy(old)
    new["transfers"] = "none"
    assert diff_registers(_register(old), _register(new)) == []


def test_profiling_after_none_is_a_change_of_the_section() -> None:
    old = _data(MODERN)
    old["automated_decisions"] = "none"
    new = copy.deepcopy(old)
    _start_profiling(new)
    changes = diff_registers(_register(old), _register(new))
    # Profiling is no purpose of its own here: the notice changes, Art. 13(3) is not cited.
    assert [(c.path, c.kind, c.inform) for c in changes] == [
        ("automated_decisions", "changed", False)
    ]
    words = described(_register(old), _register(new), "en")
    assert words[0].message == (
        "In section “Automated decision-making”, the statement “no automated decision-making” "
        "was replaced by a description. The data is now used for profiling."
    )
    back = described(_register(new), _register(old), "fi")
    assert back[0].message == (
        "Osiossa ”Automaattinen päätöksenteko” kuvaus korvattiin maininnalla "
        "”ei automaattista päätöksentekoa”."
    )


def test_a_new_consent_basis_of_a_purpose_asks_for_consent() -> None:
    old = _data(MODERN)
    new = copy.deepcopy(old)
    _split_basis(new)
    changes = diff_registers(_register(old), _register(new))
    assert [(c.path, c.inform, c.consent) for c in changes] == [
        ("purposes[client-care].legal_basis", False, False),
        ("purposes[client-care].bases", False, True),
    ]
    words = described(_register(old), _register(new), "en")
    assert words[1].message == (
        "The legal bases of purpose “Providing the services and managing the client "
        "relationship” changed: added contract (GDPR Art. 6(1)(b)) during the care and consent "
        "(GDPR Art. 6(1)(a)) after it."
    )


def test_a_section_going_between_not_stated_and_none_is_a_change() -> None:
    old = _data(LEGACY)
    new = copy.deepcopy(old)
    new["recipients"] = "none"
    changes = diff_registers(_register(old), _register(new))
    assert [(c.path, c.kind, c.inform) for c in changes] == [("recipients", "added", False)]
    words = described(_register(old), _register(new), "en")
    assert words[0].message == "The statement “no recipients” was added to the notice."
    back = described(_register(new), _register(old), "fi")
    assert back[0].message == "Selosteesta poistettiin maininta ”ei vastaanottajia”."


def test_sentences_name_the_item_in_the_readers_language() -> None:
    old = _data(MODERN)
    new = copy.deepcopy(old)
    _purpose(new, "client-care")["legal_basis"] = "consent"
    changes_fi = described(_register(old), _register(new), "fi")
    changes_en = described(_register(old), _register(new), "en")
    assert changes_fi[0].message == (
        "Käsittelyn tarkoituksen ”Palvelujen toteuttaminen ja asiakassuhteen hoito” "
        "oikeusperuste muuttui: aiemmin sopimus (tietosuoja-asetuksen 6 artiklan 1 kohdan "
        "b alakohta), nyt suostumus (tietosuoja-asetuksen 6 artiklan 1 kohdan a alakohta)."
    )
    assert changes_en[0].message == (
        "The legal basis of purpose “Providing the services and managing the client "
        "relationship” changed from contract (GDPR Art. 6(1)(b)) to consent (GDPR Art. 6(1)(a))."
    )
    text = format_text(changes_fi, "fi")
    assert "Pyydä suostumus ennen kuin käsittely alkaa." in text
    # A changed basis is no new purpose: Art. 13(3) is not cited.
    assert "13 artiklan 3 kohta" not in text


def test_json_and_html_outputs() -> None:
    old, new = _register(_data(LEGACY)), _register(_data(MODERN))
    changes = described(old, new, "en")
    payload = json.loads(format_json(changes))
    assert payload["version"] == "Version 2018-05-24 → 2024-1, updated 15 January 2024"
    assert len(payload["changes"]) == len(changes) > 10
    assert set(payload["changes"][0]) == {"kind", "section", "message", "inform", "consent"}
    assert {
        "kind": "added",
        "section": "Purposes",
        "message": "Purpose “Keeping patient records” was added.",
        "inform": True,
        "consent": False,
    } in payload["changes"]

    html = format_html(changes, "fi")
    parser = _Collect()
    parser.feed(html)
    assert parser.tags.count("li") == len(changes)
    assert "Mikä muuttui" in html
    assert "Version 2018-05-24 → 2024-1, updated 15 January 2024" in html
    assert "<script" not in html


def test_markup_in_texts_is_escaped_in_html() -> None:
    old = _data(MODERN)
    new = copy.deepcopy(old)
    _category(new, "feedback")["name"] = {"fi": "<script>x</script>", "en": "<b>&</b>"}
    html = format_html(described(_register(old), _register(new), "fi"), "fi")
    assert "<script>x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_registers_in_different_languages_are_refused() -> None:
    fi_only = _data(MODERN)
    fi_only["notice"]["languages"] = ["fi"]
    with pytest.raises(RekisteriError, match="different languages"):
        diff_registers(_register(_data(MODERN)), _register(fi_only))


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
