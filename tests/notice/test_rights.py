"""The rights texts of the notice, tailored to what the register states (issue 13, items 1, 3, 6).

The objection box names only the bases and processing that exist, and states the controller's
burden of Art. 21(1); a direct-marketing objection and a consent withdrawal take effect at once
and are never followed by the register's general "how to make a request" with its month to
wait; the reply period names the extension of Art. 12(3); portability names the categories it
covers, decided per category, never the purposes; and a sole trader's notice says "I".

The GDPR wording these texts follow (Regulation (EU) 2016/679, https://eur-lex.europa.eu/eli/reg/
2016/679/oj, checked 2026-12-01 with the search tool: the EUR-Lex page itself is not in the
store, so the Official Journal text was read from its verbatim copies on gdprhub.eu ("Article 21
GDPR", legal text) and in public repositories quoting Articles 7(3) and 12(3); the Finnish wording
of 21(1) from tietosuojaapkyrityksille.fi/ohjesivut/oikeus-vastustaa-tietojen-kasittelya):

- 21(1): "The controller shall no longer process the personal data unless the controller
  demonstrates compelling legitimate grounds for the processing which override the interests,
  rights and freedoms of the data subject or for the establishment, exercise or defence of legal
  claims." Only for processing based on point (e) or (f) of Art. 6(1), "including profiling based
  on those provisions".
- 21(2)-(3): direct marketing, "which includes profiling to the extent that it is related to such
  direct marketing"; on objection "the personal data shall no longer be processed for such
  purposes" (no grounds, no balancing).
- 7(3): "It shall be as easy to withdraw as to give consent."
- 12(3): "within one month of receipt of the request. That period may be extended by two further
  months where necessary, taking into account the complexity and number of the requests. The
  controller shall inform the data subject of any such extension within one month of receipt of
  the request, together with the reasons for the delay."
- 20(1), (4) and WP242 rev.01: portability covers data provided by the person (observed data
  included) on consent or a contract by automated means, and must not adversely affect others.
"""

from __future__ import annotations

import dataclasses
import textwrap
from typing import Any

import pytest

from rekisteri import load_register
from rekisteri.documents import i18n
from rekisteri.documents.blocks import Entry, EntryList, FactList, Paragraph, Section
from rekisteri.documents.phrases import LegalPhrases
from rekisteri.notice.render import build_context
from rekisteri.register.loading import parse_register
from rekisteri.register.model import Register
from store_fixtures import EXAMPLE

LANGS = ("fi", "en")

BASE = """\
schema_version = 2
name = { fi = "Asiakasrekisteri", en = "Client register" }
TOP

[notice]
languages = ["fi", "en"]

[controller]
name = "Tmi Testi"
email = "testi@example.fi"
address = { street = "Katu 1", postal_code = "00100", city = "Helsinki" }
VOICE

[[data_subjects]]
id = "clients"
name = { fi = "Asiakkaat", en = "Clients" }

[[sources]]
id = "client"
kind = "data-subject"
name = { fi = "Asiakas itse", en = "The client" }

[[data_categories]]
id = "contact"
name = { fi = "Yhteystiedot", en = "Contact details" }
subjects = ["clients"]
purposes = PURPOSE_IDS
sources = ["client"]
"""

# The register's own way to make a request, with the month it promises to answer in.
HOW = (
    'how_to_exercise = { fi = "Lähetä sähköpostia. Vastaan kuukauden kuluessa.", '
    'en = "Send an email. I reply within a month." }'
)
HOW_EN = "Send an email. I reply within a month."
HOW_FI = "Lähetä sähköpostia. Vastaan kuukauden kuluessa."


def purpose(purpose_id: str, basis: str, *, marketing: bool = False) -> str:
    table = textwrap.dedent(
        f"""
        [[purposes]]
        id = "{purpose_id}"
        name = {{ fi = "Tarkoitus {purpose_id}", en = "Purpose {purpose_id}" }}
        legal_basis = "{basis}"
        direct_marketing = {str(marketing).lower()}
        """
    )
    if basis == "legitimate_interests":
        table += 'legitimate_interest = { fi = "Kehittäminen", en = "Improving the service" }\n'
    if basis == "public_task":
        table += 'basis_details = { fi = "Laki 1/2000", en = "Act 1/2000" }\n'
    return table


def register(
    *purposes: tuple[str, str] | tuple[str, str, bool],
    extra: str = "",
    top: str = "",
    voice: str = "",
    how: bool = True,
) -> Register:
    ids = [p[0] for p in purposes]
    text = (
        BASE.replace("TOP", top)
        .replace("VOICE", f'voice = "{voice}"' if voice else "")
        .replace("PURPOSE_IDS", str(ids).replace("'", '"'))
    )
    text += "".join(purpose(p[0], p[1], marketing=bool(p[2:] and p[2])) for p in purposes)
    text += '\n[rights]\nstated = "derive"\ncomplaint = "fi-ombudsman"\n'
    if how:
        text += HOW + "\n"
    return parse_register(text + textwrap.dedent(extra), "rights.toml")


def sections(reg: Register, lang: str = "en") -> dict[str, Section]:
    return {s.id: s for s in build_context(reg, lang).sections}


def text_of(item: Any) -> str:
    """Every string inside a section or block, joined by spaces."""
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, tuple | list):
            for element in value:
                walk(element)
        elif dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))

    walk(item)
    return " ".join(parts)


def phrases(reg: Register, lang: str = "en") -> LegalPhrases:
    return LegalPhrases(reg, lang, i18n.translations(lang, voice=reg.controller.voice.value))


def entry(section: Section, title_start: str) -> Entry:
    lists = [b for b in section.blocks if isinstance(b, EntryList)]
    return next(e for b in lists for e in b.entries if e.name.startswith(title_start))


# --- portability per category (item 1's notice side) -----------------------------------------

EXAMPLE_PORTABLE = {
    "fi": [
        "Nimi ja henkilötunnus",
        "Yhteystiedot",
        "Asiakashistoria",
        "Asiakaspalautteet",
        "Suoramarkkinointisuostumukset ja -kiellot",
        "Muut asiakkaan antamat tiedot",
    ],
    "en": [
        "Name and personal identity code",
        "Contact details",
        "Client history",
        "Client feedback",
        "Direct marketing consents and bans",
        "Other data the client gives",
    ],
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_portability_names_the_portable_categories_as_a_list(lang: str) -> None:
    example = load_register(EXAMPLE / "register.toml")
    rights = sections(example, lang)["rights"]
    portability = entry(rights, "Oikeus siirtää" if lang == "fi" else "Right to data portability")
    (covers,) = portability.facts
    assert covers.label == ("Koskee tietoja" if lang == "fi" else "Applies to")
    assert list(covers.items) == EXAMPLE_PORTABLE[lang]
    said = text_of(portability)
    # A next of kin's data (20(4)) and patient records kept under a legal obligation (20(1)(a))
    # are never presented as portable; invoices under the Accounting Act are not either.
    for absent in ("Lähiomaisen tiedot", "Next of kin", "Terapia- ja terveystiedot"):
        assert absent not in said
    for absent in ("Therapy and health data", "Laskutus- ja perintätiedot", "Invoicing"):
        assert absent not in said
    # Never the purposes' bases as a comma list of capitalised names inside a sentence.
    assert "seuraaviin tarkoituksiin" not in said and "data processed for" not in said
    assert "Palvelujen toteuttaminen" not in said and "Providing the services" not in said
    (sentence,) = portability.paragraphs
    assert not any(name in sentence for name in EXAMPLE_PORTABLE[lang])


def test_portability_blocks_list_what_the_right_covers() -> None:
    reg = register(("care", "contract"))
    assert text_of(phrases(reg).portability_blocks()) == (
        "The right to data portability covers the following data: Contact details"
    )
    # Under a legal obligation only, no category is portable: neither the blocks nor the right.
    kept = register(("records", "legal_obligation"))
    assert phrases(kept).portability_blocks() == []
    assert "Right to data portability" not in text_of(sections(kept)["rights"])


def test_a_category_whose_source_is_not_stated_is_not_offered_as_portable() -> None:
    text = BASE.replace('sources = ["client"]\n', "")
    reg = parse_register(
        text.replace("TOP", "").replace("VOICE", "").replace("PURPOSE_IDS", '["care"]')
        + purpose("care", "contract")
        + '\n[rights]\nstated = "derive"\n',
        "rights.toml",
    )
    assert "Right to data portability" not in text_of(sections(reg)["rights"])


# --- the objection box names only what exists (item 3) --------------------------------------


@pytest.mark.parametrize(
    ("basis", "said", "unsaid"),
    [
        ("legitimate_interests", "based on legitimate interests", "public interest"),
        ("public_task", "based on a task carried out in the public interest", "legitimate int"),
    ],
)
def test_the_objection_names_only_the_stated_basis(basis: str, said: str, unsaid: str) -> None:
    objection = text_of(sections(register(("care", "contract"), ("b", basis)))["objection"])
    assert said in objection
    assert unsaid not in objection
    assert "Purpose b" in objection and "Purpose care" not in objection


def test_both_bases_are_named_when_both_are_stated() -> None:
    reg = register(("li", "legitimate_interests"), ("pt", "public_task"))
    objection = text_of(sections(reg)["objection"])
    assert "based on legitimate interests or on a task carried out in the public interest" in (
        objection
    )


def test_a_register_without_legitimate_interests_has_no_oikeutettu_etu_in_the_box() -> None:
    reg = register(("care", "contract"), ("news", "consent", True))
    objection = text_of(sections(reg, "fi")["objection"])
    assert "oikeutettu" not in objection.lower()
    assert "yleistä etua" not in objection
    assert "erityiseen tilanteeseesi" not in objection  # no Art. 21(1) objection at all
    assert "suoramarkkinointia varten" in objection
    summary = entry(sections(reg, "fi")["rights"], "Oikeus vastustaa")
    assert summary.paragraphs == (
        "Sinulla on oikeus vastustaa suoramarkkinointia milloin tahansa.",
    )


@pytest.mark.parametrize(
    ("decisions", "profiling"),
    [
        ("", False),  # not stated: not profiling
        ("\n[automated_decisions]\nused = false\nprofiling = false\n", False),
        ('\nautomated_decisions = "none"\n', False),
        (
            "\n[automated_decisions]\nused = false\nprofiling = true\n"
            'logic = { fi = "Pisteet", en = "Scores" }\n'
            'significance = { fi = "Tarjoukset", en = "Offers" }\n'
            'consequences = { fi = "Eri tarjous", en = "Another offer" }\n',
            True,
        ),
    ],
)
def test_profiling_is_mentioned_only_when_the_register_says_there_is_profiling(
    decisions: str, profiling: bool
) -> None:
    top = decisions if decisions.startswith("\nautomated") else ""
    extra = "" if top else decisions
    reg = register(
        ("survey", "legitimate_interests"), ("news", "consent", True), top=top, extra=extra
    )
    for lang, word in (("en", "profiling"), ("fi", "profilointi")):
        objection = text_of(sections(reg, lang)["objection"])
        assert (word in objection) is profiling, lang


@pytest.mark.parametrize("lang", LANGS)
def test_the_controller_must_demonstrate_compelling_grounds(lang: str) -> None:
    # GDPR 21(1), second sentence (EUR-Lex 2016/679; gdprhub.eu "Article 21 GDPR", legal text;
    # the Finnish wording: tietosuojaapkyrityksille.fi, "Oikeus vastustaa tietojen käsittelyä";
    # checked 2026-12-01): the burden is the controller's.
    objection = text_of(sections(register(("s", "legitimate_interests")), lang)["objection"])
    if lang == "en":
        assert (
            "The controller must then stop the processing you object to, unless it demonstrates "
            "compelling legitimate grounds for the processing which override your interests, "
            "rights and freedoms, or the processing is needed for the establishment, exercise or "
            "defence of legal claims."
        ) in objection
    else:
        assert (
            "Rekisterinpitäjän on tämän jälkeen lopetettava vastustamasi käsittely, ellei se "
            "osoita, että käsittelyyn on huomattavan tärkeä ja perusteltu syy, joka syrjäyttää "
            "etusi, oikeutesi ja vapautesi, tai että käsittely on tarpeen oikeusvaateen "
            "laatimiseksi, esittämiseksi tai puolustamiseksi."
        ) in objection


# --- what takes effect at once is not followed by "I reply within a month" -------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_marketing_objection_and_the_withdrawal_are_not_followed_by_the_reply_month(
    lang: str,
) -> None:
    how = HOW_FI if lang == "fi" else HOW_EN
    reg = register(
        ("survey", "legitimate_interests"),
        ("news", "consent", True),
        extra="""
        [direct_marketing]
        channels = ["email"]
        opt_out = { fi = "Vastaa viestiin STOP.", en = "Reply STOP to any message." }
        """,
    )
    said = phrases(reg, lang)
    assert how not in text_of(said.marketing_objection_blocks())
    assert how not in text_of(said.withdrawal_blocks())
    # The objection on grounds of one's particular situation is a request answered like any
    # other: the register's way to make one follows it, labelled, and only it.
    particular = said.particular_objection_blocks()
    assert isinstance(particular[-1], FactList)
    assert particular[-1].facts[0].value == how
    box = sections(reg, lang)["objection"].blocks
    assert text_of(box).count(how) == 1
    assert box.index(particular[-1]) < box.index(said.marketing_objection_blocks()[0])
    # The marketing objection's own way to stop marketing follows it instead.
    stop = "Vastaa viestiin STOP." if lang == "fi" else "Reply STOP to any message."
    assert stop in text_of(said.marketing_objection_blocks())
    assert how not in text_of(sections(reg, lang)["withdraw-consent"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_marketing_objection_and_the_withdrawal_take_effect_at_once(lang: str) -> None:
    # GDPR 21(3) and 7(3) (EUR-Lex 2016/679, checked 2026-12-01).
    reg = register(("news", "consent", True))
    said = phrases(reg, lang)
    marketing = text_of(said.marketing_objection_blocks())
    withdrawal = text_of(said.withdrawal_blocks())
    if lang == "en":
        assert "The objection takes effect at once and needs no reasons" in marketing
        assert "Withdrawing consent is as easy as giving it" in withdrawal
        assert "the withdrawal takes effect at once" in withdrawal
    else:
        assert "Vastustaminen tulee voimaan heti, eikä sitä tarvitse perustella" in marketing
        assert "Suostumuksen peruuttaminen on yhtä helppoa kuin sen antaminen" in withdrawal
        assert "peruuttaminen tulee voimaan heti" in withdrawal


def test_a_listed_withdrawal_keeps_its_own_way_to_withdraw() -> None:
    rights = textwrap.dedent(
        """
        [[rights.stated]]
        right = "withdraw_consent"
        how = { fi = "Paina.", en = "Click the link." }
        """
    )
    listed = parse_register(
        BASE.replace("TOP", "").replace("VOICE", "").replace("PURPOSE_IDS", '["news"]')
        + purpose("news", "consent")
        + f"\n[rights]\n{HOW}\n{rights}",
        "rights.toml",
    )
    withdrawal = text_of(phrases(listed).withdrawal_blocks())
    assert "Click the link." in withdrawal
    assert HOW_EN not in withdrawal


# --- the reply period and its extension (12(3)) -----------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_reply_period_mentions_the_extension_of_article_12_3(lang: str) -> None:
    rights = text_of(sections(register(("care", "contract")), lang)["rights"])
    if lang == "en":
        assert "at the latest within one month of receiving your request" in rights
        assert "the period may be extended by two further months" in rights
        assert "told of the extension and the reasons for it within one month" in rights
    else:
        assert "viimeistään kuukauden kuluessa pyyntösi vastaanottamisesta" in rights
        assert "jatkaa enintään kahdella kuukaudella" in rights
        assert "Jatkamisesta ja sen syistä ilmoitetaan sinulle kuukauden kuluessa" in rights


# --- one voice (item 6) -----------------------------------------------------------------------


def test_a_sole_traders_notice_says_i() -> None:
    extra = """
    [[processors]]
    id = "host"
    name = "Palvelin Oy"
    role = { fi = "Palvelin", en = "Hosting" }
    data_categories = ["contact"]
    """
    sole = register(("s", "legitimate_interests"), voice="i", extra=extra, how=False)
    we = register(("s", "legitimate_interests"), extra=extra, how=False)
    for lang, mine, ours in (
        ("fi", "Minun on tämän jälkeen lopetettava", "Rekisterinpitäjän on tämän jälkeen"),
        ("en", "I must then stop the processing", "The controller must then stop"),
    ):
        assert mine in text_of(sections(sole, lang)["objection"])
        assert ours in text_of(sections(we, lang)["objection"])
    fi = sections(sole, "fi")
    assert "minun lukuuni" in text_of(fi["recipients"])
    assert "rekisterinpitäjän lukuun" not in text_of(fi["recipients"])
    assert "Ota yhteyttä minuun" in text_of(fi["rights"])
    en = sections(sole, "en")
    assert "on my behalf" in text_of(en["recipients"])
    assert "Contact me using the contact details in this notice." in text_of(en["rights"])


def test_the_example_speaks_as_i_in_both_languages() -> None:
    example = load_register(EXAMPLE / "register.toml")
    assert example.controller.voice.value == "i"
    fi = " ".join(text_of(s) for s in build_context(example, "fi").sections)
    en = " ".join(text_of(s) for s in build_context(example, "en").sections)
    assert "Minun on tämän jälkeen lopetettava" in fi and "minun lukuuni" in fi
    assert "rekisterinpitäjän lukuun" not in fi
    assert "I must then stop" in en and "on my behalf" in en
    assert "the controller's behalf" not in en


# --- security as a labelled list (item 5 of the brief) ----------------------------------------

SECURITY = """
[security]
general = { fi = "Vaitiolo", en = "Secrecy" }
physical = { fi = "Lukittu kaappi", en = "A locked cabinet" }
manual = { fi = "Paperit kaapissa", en = "Papers in a cabinet" }
encryption = { fi = "Salattu", en = "Encrypted" }
access_control = { fi = "Omat tunnukset", en = "Personal accounts" }
logging = { fi = "Lokit", en = "Logs" }
backups = { fi = "Päivittäin", en = "Daily" }
"""


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "en",
            [
                "Access control",
                "Logging",
                "Backups",
                "Encryption",
                "Physical security",
                "Manual material",
                "Other security measures",
            ],
        ),
        (
            "fi",
            [
                "Pääsynhallinta",
                "Lokitiedot",
                "Varmuuskopiot",
                "Salaus",
                "Fyysinen suojaus",
                "Manuaalinen aineisto",
                "Muut turvatoimet",
            ],
        ),
    ],
)
def test_the_security_measures_are_a_labelled_list_in_the_models_order(
    lang: str, labels: list[str]
) -> None:
    security = sections(register(("care", "contract"), extra=SECURITY), lang)["security"]
    facts = next(b for b in security.blocks if isinstance(b, FactList)).facts
    assert [f.label for f in facts] == labels
    assert facts[0].value == ("Omat tunnukset" if lang == "fi" else "Personal accounts")


def test_the_example_notice_lists_its_structured_security() -> None:
    example = load_register(EXAMPLE / "register.toml")
    security = sections(example, "en")["security"]
    facts = next(b for b in security.blocks if isinstance(b, FactList)).facts
    assert [f.label for f in facts] == [
        "Access control",
        "Logging",
        "Backups",
        "Encryption",
        "Physical security",
        "Other security measures",
    ]
    assert isinstance(security.blocks[0], FactList | Paragraph)
