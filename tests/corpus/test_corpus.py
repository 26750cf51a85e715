"""Faithful transcriptions of real public notices: each loads, lints, and renders nothing it
does not say.

Every file in this folder transcribes a real notice of a Finnish organisation (its header names
the source; the text as found is in ``sources/``). What a notice does not state, the rendered
notice must not state either. The sentences a section produces when the register says "none"
(or the rights rekisteri derives) are found by rendering the example both ways; a corpus notice
that does not say "none" for that section must contain none of them.
"""

from __future__ import annotations

import copy
import html
import re
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rekisteri import lint_register, load_register
from rekisteri.notice.render import render_html
from rekisteri.register.loading import parse_register
from rekisteri.register.model import NONE_SECTIONS, Layout, Register
from rekisteri.register.rights import applicable_rights

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "examples" / "terhi-kallio" / "register.toml"
# The folder's other TOML files say what is expected of the notices; they are no registers.
NOT_REGISTERS = {"expectations.toml", "lawyer.toml"}
CORPUS = sorted(p for p in HERE.glob("*.toml") if p.name not in NOT_REGISTERS)
EXPECTATIONS = tomllib.loads((HERE / "expectations.toml").read_text(encoding="utf-8"))


def sentences(page: str) -> set[str]:
    """The sentences a reader sees on a rendered page (its text split at full stops)."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", body))
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return {" ".join(part.split()) for part in parts if len(part.split()) >= 3}


def render(data: dict[str, Any], lang: str, layout: Layout) -> set[str]:
    data = copy.deepcopy(data)
    data["notice"]["layout"] = layout.value
    register = parse_register(tomli_w.dumps(data), "example.toml")
    return sentences(render_html(register, lang))


@cache
def _example() -> dict[str, Any]:
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data.pop("store", None)
    return data


# Facts for each section, so that what a section says whenever it is stated (its heading, its
# labels) is told apart from what only "none" (or derived rights) says.
_TEXT = {"fi": "Esimerkki", "en": "Example"}
_FACTS: dict[str, Any] = {
    "transfers": {
        "destinations": [
            {"country": "US", "recipient": "Esimerkki", "safeguards": ["data_privacy_framework"]}
        ]
    },
    "cookies": [{"name": "_x", "provider": "Esimerkki", "purpose": _TEXT, "necessary": False}],
    "automated_decisions": {
        "used": True,
        "profiling": True,
        "logic": _TEXT,
        "significance": _TEXT,
        "consequences": _TEXT,
    },
}


@cache
def said_only_by(section: str, lang: str, layout: Layout) -> frozenset[str]:
    """The sentences the example says only because ``section`` is "none" (or rights derived):
    neither when the section is absent nor when it states facts."""
    base = _example()
    absent = copy.deepcopy(base)
    absent.pop(section, None)
    stated = copy.deepcopy(base)
    facts = copy.deepcopy(base)
    if section == "rights":
        stated["rights"]["stated"] = "derive"
        absent["rights"] = {k: v for k, v in base["rights"].items() if k != "stated"}
        register = parse_register(tomli_w.dumps(base), "example.toml")
        facts["rights"]["stated"] = sorted(applicable_rights(register))
    else:
        stated[section] = "none"
        facts[section] = _FACTS.get(section, base.get(section))
    others = render(absent, lang, layout) | render(facts, lang, layout)
    return frozenset(render(stated, lang, layout) - others)


def test_the_corpus_holds_at_least_eight_notices_of_different_kinds() -> None:
    assert len(CORPUS) >= 8
    languages = {lang for path in CORPUS for lang in load_register(path).languages}
    assert {"fi", "sv", "en"} <= languages
    for path in CORPUS:
        header = path.read_text(encoding="utf-8").split("\n", 12)[:12]
        assert any("Source:" in line or "source:" in line for line in header), path.name
        assert (HERE / "sources" / f"{path.stem}.txt").is_file(), path.name


def _cases() -> Iterator[Any]:
    for path in CORPUS:
        yield pytest.param(path, id=path.stem)


@pytest.mark.parametrize("path", list(_cases()))
def test_a_transcription_validates_and_lints(path: Path) -> None:
    register = load_register(path)
    assert register.schema_version == 2
    # The lint speaks every language a notice is written in, Swedish too.
    report = lint_register(register, register.default_language)
    assert report.lang == register.default_language
    assert all(f.rule for f in report.findings)


@pytest.mark.parametrize("path", list(_cases()))
def test_a_transcription_renders_no_statement_it_does_not_make(path: Path) -> None:
    register = load_register(path)
    for lang in register.languages:
        if lang not in _example()["notice"]["languages"]:
            continue
        page = sentences(render_html(register, lang))
        for section in (*NONE_SECTIONS, "rights"):
            if _states_it(register, section):
                continue
            invented = page & said_only_by(section, lang, register.notice.layout)
            assert not invented, f"{path.name} [{lang}] says for {section}: {sorted(invented)}"


def _states_it(register: Register, section: str) -> bool:
    """Whether the register itself makes the statements ``section`` would add."""
    if section == "rights":
        return register.rights is not None and register.rights.derived
    if section == "transfers":
        return register.transfers_state.value == "none"
    return getattr(register, section) == "none"


# The languages the notice's catalogs exist in; Swedish ones come with the Swedish issue.
RENDERED = ("fi", "en")


def _rendered_cases() -> Iterator[Any]:
    for path in CORPUS:
        if load_register(path).default_language in RENDERED:
            yield pytest.param(path, id=path.stem)


def test_only_swedish_notices_wait_for_their_catalog() -> None:
    waiting = [p for p in CORPUS if load_register(p).default_language not in RENDERED]
    assert all(load_register(p).default_language == "sv" for p in waiting)
    # Their expectations are written once a Swedish notice renders (tests/corpus/README.md).
    assert all(not EXPECTATIONS.get(p.stem, {}).get("present") for p in waiting)


@pytest.mark.parametrize("path", list(_rendered_cases()))
def test_the_expected_facts_are_said_and_the_unsaid_are_not(path: Path) -> None:
    expected = EXPECTATIONS[path.stem]
    assert expected.get("present") and expected.get("absent"), path.stem
    register = load_register(path)
    lang = register.default_language
    page = " ".join(" ".join(sentences(render_html(register, lang))).split())
    for phrase in expected.get("present", []):
        assert phrase in page, f"{path.name}: '{phrase}' is missing"
    for phrase in expected.get("absent", []):
        assert phrase not in page, f"{path.name}: '{phrase}' is said but the notice does not say it"
