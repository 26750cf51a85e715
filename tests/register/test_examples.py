"""The bundled examples: both load, the legacy one keeps every fact of the 2018 seed document."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from enum import Enum
from pathlib import Path

import pytest
from pydantic import BaseModel

from rekisteri import Register, load_register
from rekisteri.register.model import (
    Art9Condition,
    HetuGround,
    Layout,
    SpecialCategory,
    State,
    iter_texts,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MODERN_EXAMPLE = EXAMPLES / "terhi-kallio" / "register.toml"
LEGACY_EXAMPLE = EXAMPLES / "terhi-kallio" / "rekisteriseloste-2018.toml"
SEED_ENV = "REKISTERI_SEED"
SEED_NAME = "rekisteriseloste-2018.txt"
EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.toml"))

# 5. Rekisterin tietosisältö, in the seed's order.
DATA_CONTENT = [
    "Henkilön nimi ja (henkilötunnus)",
    "Sähköpostiosoite, (postiosoite), puhelinnumero",
    "Lähiomainen tarvittaessa",
    "Asiakashistoria (esim. yhteydenotot, tilaukset, ajanvaraukset, laskutukseen ja perintään "
    "liittyvät tiedot)",
    "Asiakaspalautteet ja yhteydenotot",
    "Suoramarkkinointikiellot ja -suostumukset",
    "Mahdolliset asiakkaan muut tiedot",
]

# Every fact of ../shared/seed/rekisteriseloste-2018.txt, section by section. The seed's one typo
# ("rittää" in section 8) is corrected in the transcription.
SEED_FACTS = [
    # header
    "Rekisteriseloste (asiakastietorekisteri)",
    "Henkilötietolaki (523/99) 10 §",
    # 1. Rekisterinpitäjä
    "Tmi Terhi Kallio",
    "Siltakatu 12-14",
    "05900",
    "Hyvinkää",
    # 2. Rekisteriasioista vastaava yhteyshenkilö
    "Terhi Kallio",
    "045 127 0888",
    "terhi.kallio@outlook.com",
    # 3. Rekisterin nimi
    "Terhi Kallio Tmi asiakastietorekisteri",
    # 4. Henkilötietojen käsittelyn tarkoitus / rekisterin käyttötarkoitus
    "Rekisterin henkilötietojen käsittelyn tarkoitus on Tmi Terhi Kallion asiakkaiden hoidon "
    "suunnittelu, toteuttaminen, seuranta ja asiakassuhteiden ylläpito.",
    "Asiakkaan suostumuksesta voin lähettää ajankohtaisia tarjouksia sekä tulevista tapahtumista "
    "infoa tekstiviestillä tai sähköpostitse.",
    "Yhteystietojasi voidaan käyttää myös muun muassa mielipidekyselyyn tai markkinointiin.",
    "Tarkoituksena on kehittää yrityksen tarjoamaa palvelua yhä paremmaksi, kasvavaksi sekä "
    "kattavaksi.",
    "Sinun mielipiteesi on tärkeä ja mielipidekyselyn voin toimittaa sinulle sähköpostitse, "
    "tekstiviestillä tai paperilla.",
    "Markkinoinnilla tarkoitetaan asiakkaan mielipidekyselyn julkaisemista esim. kotisivuillani "
    "(henkilötieto ei ole tunnistettavissa).",
    # 5. Rekisterin tietosisältö: the seven items and the two sentences after the list
    *DATA_CONTENT,
    "Tarpeettomia tietoja ei säilytetä rekisterissä ja tietoja ei luovuteta ulkopuolisille.",
    "Tiedot säilytetään ajanvarausjärjestelmässä/asiakastietojärjestelmässä ja tähän ohjelmaan "
    "pääsee vain Terhi Kallio.",
    # 6. Säännönmukaiset tietolähteet
    "Asiakkaan tai omaisen ilmoittamat tiedot",
    "Mahdollisesti sosiaalipuolelta tai terveydenhuollon henkilökunnalta saadut tiedot",
    "näitä tietoja voidaan tarvita, jos toimin psykoterapeuttina sosiaalipuolella tai "
    "terveydenhuollossa",
    # 7. Säännönmukaisten tietojen luovutukset
    "Tietoja ei pääsääntöisesti luovuteta markkinointitarkoituksiin yrityksen Tmi Terhi Kallio "
    "ulkopuolelle.",
    # 8. Käsittelyn kesto
    "Tietoja säilytetään niin kauan kuin asiakkuus on voimassa tai sovitusti pidempään.",
    "Jos asiakas ei halua tietoja tarjouksista tai ajankohtaisista palveluista, niin "
    "ilmoituksella markkinointi voidaan lopettaa (riittää sähköposti, tekstiviesti).",
    "Markkinointi on voimassa asiakkaan toiveiden mukaisesti.",
    # 9. Henkilötietojen käsittelijät
    "Asiakasrekisteriä käsittelee Tmi Terhi Kallio tietosuojalainsäädännön mukaisesti.",
    # 10. Tietojen siirto EU:n ulkopuolelle tai Euroopan talousalueen ulkopuolelle
    "Tietoja ei siirretä EU:n ulkopuolelle tai Euroopan talousalueen ulkopuolelle",
    # 11. Automaattinen päätöksenteko ja profilointi
    "En käytä tietoja automaattiseen päätöksentekoon tai profilointiin.",
]
SEED_TYPOS = {"riittää": "rittää"}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def strings(value: object) -> Iterator[str]:
    """Every plain string held by a model: names, ids, addresses, phone numbers, enum values."""
    if isinstance(value, Enum):
        yield str(value.value)
    elif isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from strings(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def texts_in(register: Register, lang: str) -> list[str]:
    localized = [text.get(lang) for _, text in iter_texts(register)]
    return [normalise(t) for t in [*localized, *strings(register)]]


@pytest.fixture(scope="module")
def legacy() -> Register:
    return load_register(LEGACY_EXAMPLE)


@pytest.fixture(scope="module")
def modern() -> Register:
    return load_register(MODERN_EXAMPLE)


def test_there_are_the_two_examples() -> None:
    assert LEGACY_EXAMPLE in EXAMPLE_FILES
    assert MODERN_EXAMPLE in EXAMPLE_FILES


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_loads(path: Path) -> None:
    register = load_register(path)
    assert register.source_path == path
    for loc, text in iter_texts(register):
        for lang in register.languages:
            assert text.get(lang), f"{path.name}: {loc} has no {lang} text"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_starts_with_a_schema_comment_that_resolves(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"#:schema (\S+)", first)
    assert match, f"{path.name} must start with '#:schema <path>', not {first!r}"
    target = (path.parent / match.group(1)).resolve()
    assert target.is_file(), f"{path.name}: {match.group(1)} does not exist"
    assert target.name == "register.schema.json"


@pytest.mark.parametrize("fact", SEED_FACTS)
def test_legacy_example_keeps_the_fact(legacy: Register, fact: str) -> None:
    wanted = normalise(fact)
    assert any(wanted in text for text in texts_in(legacy, "fi")), fact


def seed_path() -> Path:
    """The seed document: ``$REKISTERI_SEED``, else ``../shared/seed/`` beside the repository."""
    given = os.environ.get(SEED_ENV, "").strip()
    return Path(given).expanduser() if given else ROOT.parent / "shared" / "seed" / SEED_NAME


def seed_or_skip() -> Path:
    """The seed, or a skip that says how to provide it; CI always has ../shared beside it."""
    path = seed_path()
    if path.is_file():
        return path
    reason = (
        f"the seed document {path} is missing: put the shared folder beside the checkout "
        f"(../shared/seed/{SEED_NAME}) or set {SEED_ENV} to the file"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: CI runs on a clean clone with ../shared beside it)")
    pytest.skip(reason)


def test_the_seed_is_found_wherever_the_checkout_lies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "elsewhere" / SEED_NAME
    copy.parent.mkdir()
    copy.write_text("Rekisteriseloste\n", encoding="utf-8")
    monkeypatch.setenv(SEED_ENV, str(copy))
    assert seed_or_skip() == copy
    monkeypatch.setenv(SEED_ENV, str(tmp_path / "missing.txt"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        seed_or_skip()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match=SEED_ENV):
        seed_or_skip()
    monkeypatch.delenv(SEED_ENV)
    assert seed_path() == ROOT.parent / "shared" / "seed" / SEED_NAME


def test_the_fact_list_is_the_seed() -> None:
    """Guard the list above: every listed fact is verbatim in the seed (typo fixes aside)."""
    seed = normalise(seed_or_skip().read_text(encoding="utf-8"))
    for fact in SEED_FACTS:
        original = fact
        for fixed, typo in SEED_TYPOS.items():
            original = original.replace(fixed, typo)
        assert normalise(original) in seed, fact


def test_legacy_example_header_and_layout(legacy: Register) -> None:
    assert legacy.notice.updated == date(2018, 5, 24)
    assert f"{legacy.notice.updated:%d.%m.%Y}" == "24.05.2018"
    assert legacy.notice.layout is Layout.REKISTERISELOSTE
    assert legacy.notice.legal_reference is not None
    assert legacy.notice.legal_reference.get("fi") == "Henkilötietolaki (523/99) 10 §"
    assert legacy.languages == ["fi", "en"]


def test_legacy_example_has_the_seven_data_content_items_in_order(legacy: Register) -> None:
    assert [c.name.get("fi") for c in legacy.data_categories] == DATA_CONTENT


def test_legacy_example_states_no_transfers_and_no_automated_decisions(
    legacy: Register,
) -> None:
    assert legacy.transfers_state is State.NONE and legacy.transfer_list == []
    decisions = legacy.decisions
    assert decisions is not None and decisions.used is False and decisions.profiling is False


def test_legacy_example_does_not_state_what_2018_left_unsaid(legacy: Register) -> None:
    # The 2018 text says the register is processed by Tmi Terhi Kallio and that data is not as a
    # rule disclosed for marketing: neither is a statement that there are no processors or no
    # recipients, and "with the client's consent I may send offers" is not "only with prior
    # consent".
    assert legacy.processors is None and legacy.recipients is None
    assert legacy.marketing is not None and legacy.marketing.consent_model is None
    assert all(source.kind is not None for source in legacy.sources)


def test_legacy_example_keeps_the_gaps_of_2018(legacy: Register) -> None:
    # The lint reports these; the transcription must not invent what the seed does not say.
    assert all(p.legal_basis is None for p in legacy.purposes)
    assert legacy.rights is None


def test_modern_example_has_a_legal_basis_on_every_purpose(modern: Register) -> None:
    assert modern.notice.layout is Layout.TIETOSUOJASELOSTE
    missing = [p.id for p in modern.purposes if p.legal_basis is None]
    assert missing == []


def test_modern_example_has_retention_on_every_category(modern: Register) -> None:
    missing = [c.id for c in modern.data_categories if c.retention is None]
    assert missing == []
    for rule in modern.retention:
        assert rule.period is not None or rule.criteria is not None, rule.id


def test_modern_example_has_the_hetu_ground(modern: Register) -> None:
    with_hetu = [c for c in modern.data_categories if c.hetu]
    assert with_hetu
    assert all(c.hetu_ground is HetuGround.HEALTH_AND_SOCIAL_CARE for c in with_hetu)


def test_modern_example_treats_care_staff_data_as_health_data(modern: Register) -> None:
    health = [
        c
        for c in modern.data_categories
        if c.special is not None and c.special.category is SpecialCategory.HEALTH
    ]
    assert len(health) == 1
    (category,) = health
    assert category.special is not None
    assert category.special.condition is Art9Condition.HEALTH_OR_SOCIAL_CARE
    assert category.special.national_ground is not None
    assert "care-professionals" in category.sources


def test_modern_example_has_rights_with_the_ombudsman(modern: Register) -> None:
    assert modern.rights is not None
    assert modern.rights.authority.name.get("fi") == "Tietosuojavaltuutetun toimisto"
    assert modern.rights.authority.email == "tietosuoja@om.fi"
