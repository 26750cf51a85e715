"""The access report tailored to the person (EDPB Guidelines 01/2022) and the no-data letter.

Golden files (``tests/access/golden/``) hold the report and the letter of the example register
in Finnish and English, with the page's CSS left out; ``UPDATE_GOLDEN=1`` rewrites them after an
intended change, and the diff is read before it is committed.

Legal sources of the assertions:

* GDPR Art. 15(1)(c) and CJEU C-154/21 (Österreichische Post, 12.1.2023): the recipients to whom
  the data *have been* disclosed, by identity, where known; otherwise the categories of
  recipients — so listed recipients are only possible ones.
* GDPR Art. 15(4): the right to a copy shall not adversely affect the rights of others — a duty of
  the controller, which leaves out or marks others' data (EDPB 01/2022 para. 170).
* GDPR Art. 12(4), EDPB 01/2022 para. 191: a request not acted on: the reasons, the right to
  complain to a supervisory authority and to seek a judicial remedy.
* Tietosuojalaki 1050/2018 § 34(1)(2): no right of access where giving the data could cause
  serious danger to the person's health or care or to the rights of the person or of someone
  else, as quoted by the Deputy Data Protection Ombudsman (finlex.fi/fi/viranomaiset/tsv/2021/
  20211383: "TiSL 34.1 § 2 kohta").
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import tomli_w
from pypdf import PdfReader

from rekisteri.access.bundle import BundleOptions, build_bundle
from rekisteri.access.collect import Identifier, identify
from rekisteri.access.report import build_report, cell, render_report
from rekisteri.access.review import ReviewDecision
from rekisteri.documents.i18n import NBSP
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register, WithholdGround

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
GOLDEN = Path(__file__).resolve().parent / "golden"
RELEASE = (ReviewDecision("health", release=True),)
WITHHOLD = (
    ReviewDecision(
        "health",
        release=False,
        reason="Merkinnät voivat tässä hoidon vaiheessa vaarantaa hoidon.",
        ground=WithholdGround.HEALTH_OR_CARE,
    ),
)
AINO = identify(email="aino.virtanen@example.com")
# Pekka Heikkinen's invoice 2023-0015 went to a collection agency (collection_cases).
PEKKA = identify(email="pekka.heikkinen@example.net")
# Kalle Virtanen is only a next of kin: Aino named him.
KALLE = identify(phone="045 127 3345")
NOBODY = identify(email="Someone@Example.org")


class _Visible(HTMLParser):
    """The text a reader sees: no CSS, and no text hidden from assistive technology (the
    stacked rows' repeated labels), which would only say twice what the headings say."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip or tag in ("style", "script") or ("aria-hidden", "true") in attrs:
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return parser.text


def _bundle(
    register: Register,
    identifier: Identifier,
    decisions: Sequence[ReviewDecision] = RELEASE,
    formats: Sequence[str] = ("html",),
) -> dict[str, bytes]:
    options = BundleOptions(formats=formats, generated=WHEN, reference="REQ-1", decisions=decisions)
    return build_bundle(register, identifier, options)


def report(
    register: Register,
    identifier: Identifier,
    lang: str = "en",
    decisions: Sequence[ReviewDecision] = RELEASE,
) -> str:
    return _bundle(register, identifier, decisions)[f"report.{lang}.html"].decode("utf-8")


def variant(demo_path: Path, edit: Callable[[dict[str, Any]], None]) -> Register:
    """The demo register with ``edit`` applied to its TOML data, beside the same store."""
    data = tomllib.loads(demo_path.read_text(encoding="utf-8"))
    edit(data)
    demo_path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return load_register(demo_path)


def section(text: str, heading: str, until: str) -> str:
    """The visible text from ``heading`` up to ``until``."""
    start = text.index(heading)
    return text[start : text.index(until, start + len(heading))]


def category(html: str, category_id: str) -> str:
    """The visible text of one category's section of the report."""
    match = re.search(rf'<section id="category-{category_id}".*?</section>', html, re.S)
    assert match is not None, category_id
    return visible(match.group(0))


# --- the third-party note (Art. 15(4)) -----------------------------------------------------


def test_the_third_party_note_says_what_the_controller_did(demo_register: Register) -> None:
    en = visible(report(demo_register, AINO))
    fi = visible(report(demo_register, AINO, "fi"))
    # Art. 15(4) binds the controller: the note says what it left out and marked, and never
    # tells the person what to do with their copy.
    assert (
        "Columns marked “another person's data” hold details of someone else that are part of "
        "your own data, and are therefore included; I have left out other people's data that "
        "is not part of yours (GDPR Art. 15(4))."
    ) in en
    assert "olen jättänyt pois (tietosuoja-asetuksen 15 artiklan 4 kohta)" in fi
    for wrong in ("do not pass it on", "älä luovuta"):
        assert wrong not in en and wrong not in fi


# --- recipients (Art. 15(1)(c), C-154/21) --------------------------------------------------


def test_recipients_the_store_records_are_actual_the_notices_possible(
    demo_register: Register,
) -> None:
    # The example names collection_cases.agency as the party each case went to.
    pekka = report(demo_register, PEKKA)
    billing = category(pekka, "billing")
    # The agency his invoice went to, named as a recipient of his data ...
    assert "Recipients your data has been disclosed to Perintä Uusimaa Oy" in billing
    # ... and the notice's processor only as a possible one: never presented as actual.
    assert (
        "Possible recipients (as listed in the privacy notice) Tilitoimisto Hyvinkää Oy "
        "(Bookkeeping and invoicing)"
    ) in billing
    actual = billing.split("Recipients your data has been disclosed to")[1].split("Possible")[0]
    assert "Tilitoimisto" not in actual
    fi = category(report(demo_register, PEKKA, "fi"), "billing")
    assert "Vastaanottajat, joille tietojasi on luovutettu Perintä Uusimaa Oy" in fi
    assert "Mahdolliset vastaanottajat (tietosuojaselosteen mukaan) Tilitoimisto" in fi
    # Aino's invoices went to no agency: nothing is said to have been disclosed.
    aino = visible(report(demo_register, AINO))
    assert "Recipients your data has been disclosed to" not in aino
    assert "Perintä Uusimaa Oy" not in aino
    assert "Possible recipients (as listed in the privacy notice) Tilitoimisto Hyvinkää Oy" in aino


def test_without_a_recipient_column_the_notices_recipients_are_possible(
    demo_path: Path,
) -> None:
    def unnamed(data: dict[str, Any]) -> None:
        for source in data["store"]["sources"]:
            source.pop("recipient", None)

    text = visible(report(variant(demo_path, unnamed), PEKKA))
    assert "Recipients your data has been disclosed to" not in text
    assert "Possible recipients (as listed in the privacy notice)" in text
    # The store's column is still shown to him as data of his, just not labelled a recipient.
    assert "Perintä Uusimaa Oy" in text


# --- this person's retention (Art. 15(1)(d)) -----------------------------------------------


def test_the_persons_own_retention_dates(demo_register: Register) -> None:
    text = visible(report(demo_register, AINO))
    # Bookkeeping: each invoice row by its own date, six years from the end of its year
    # (Aino's two invoices are of 2023).
    assert "Your retention dates Invoices: until 31 December 2029." in text
    # Patient records: the store's clock counts 120 years from the birth date.
    assert (
        "By the dates now recorded, until 12 March 2104: 120 years from 12 March 1984 "
        "(Date of birth)."
    ) in text
    # The client relationship: her latest contact; the clock also reads clients.created_at,
    # which the copy does not hold, so the date is the earliest it can be.
    assert (
        "At least until 20 April 2026: 2 years from 20 April 2024 (Contacts), the latest date in "
        "this copy that the period counts from"
    ) in text
    fi = visible(report(demo_register, AINO, "fi"))
    assert "Laskut: 31.12.2029 asti." in fi
    assert "Ainakin 20.4.2026 asti: 2 vuotta päivästä 20.4.2024 lukien (Yhteydenotot)" in fi


def test_rows_of_several_years_give_the_oldest_and_the_newest(demo_register: Register) -> None:
    # Sanna Nieminen's invoices are dated 2023 and 2024.
    text = visible(report(demo_register, identify(email="sanna.nieminen@example.com")))
    assert (
        "Invoices: each row counted from its own date, the oldest until 31 December 2029 and "
        "the newest until 31 December 2030."
    ) in text


def test_a_clock_of_collected_columns_gives_the_exact_date(demo_path: Path) -> None:
    def collected(data: dict[str, Any]) -> None:
        clock = data["store"]["retention"]["client-relationship"]
        clock["latest_of"] = [c for c in clock["latest_of"] if c != "clients.created_at"]

    text = visible(report(variant(demo_path, collected), AINO))
    assert (
        "By the dates now recorded, until 20 April 2026: 2 years from 20 April 2024 (Contacts), "
        "the latest date the period counts from; a newer one moves it later."
    ) in text
    assert "At least until" not in text


def test_without_a_clock_only_the_rule_is_said(demo_path: Path) -> None:
    def no_clocks(data: dict[str, Any]) -> None:
        del data["store"]["retention"]

    text = visible(report(variant(demo_path, no_clocks), AINO))
    assert "Your retention dates" not in text
    assert "2 years from the end of the client relationship" in text


def test_a_date_the_store_cannot_read_gives_no_date(demo_path: Path) -> None:
    # The rule counted in hours: nothing the store's days can date, so no date is guessed.
    def hours(data: dict[str, Any]) -> None:
        for rule in data["retention"]:
            if rule["id"] == "bookkeeping":
                rule["period"] = "PT10H"

    text = visible(report(variant(demo_path, hours), AINO))
    assert "Invoices: until" not in text


# --- sources per data-subject group --------------------------------------------------------


def test_a_next_of_kin_reads_that_the_client_gave_their_data(demo_register: Register) -> None:
    kalle = visible(report(demo_register, KALLE))
    assert "Sources Clients (a third party) The next of kin themselves (given by you)" in (kalle)
    assert "The client themselves (given by you)" not in kalle
    # A record of the next-of-kin group is not dated by the client's clock.
    assert "Your retention dates" not in kalle
    fi = visible(report(demo_register, KALLE, "fi"))
    assert "Asiakkaat (kolmas osapuoli)" in fi
    assert "Lähiomainen itse (sinun antamasi)" in fi
    assert "sinä itse" not in fi.lower()
    # The client reads it the other way round.
    aino = visible(report(demo_register, AINO))
    assert "The client themselves (given by you) Clients' next of kin (a third party)" in aino


# --- portability and the files -------------------------------------------------------------


def test_which_categories_are_portable(demo_register: Register) -> None:
    files = _bundle(demo_register, AINO, formats=("html", "json"))
    html = files["report.en.html"].decode("utf-8")

    def portability_of(category_id: str) -> str:
        return category(html, category_id).split("Data portability ", 1)[1]

    assert portability_of("contact-details") == (
        "Yes: you can receive this data in a machine-readable form and transfer it to another "
        "controller (GDPR Art. 20). It is in the file portable.json."
    )
    assert portability_of("billing") == (
        "No: it is not processed on your consent or on a contract (GDPR Art. 20)."
    )
    assert portability_of("next-of-kin") == (
        "No: the data is also about another person (GDPR Art. 20)."
    )
    fi = _bundle(demo_register, AINO, formats=("html", "json"))["report.fi.html"].decode("utf-8")
    assert category(fi, "billing").endswith(
        "Oikeus siirtää tiedot järjestelmästä toiseen Ei koske näitä tietoja: niitä ei käsitellä "
        "suostumuksesi tai sopimuksen perusteella (tietosuoja-asetuksen 20 artikla)."
    )
    # data.json is the Art. 15(3) copy, never "Art. 20 data"; portable.json the Art. 20 data.
    text = visible(html)
    data_json = text.split("data.json ", 1)[1].split("portable.json", 1)[0]
    assert "GDPR Art. 15(3)" in data_json and "Art. 20" not in data_json
    assert "portable.json The data you can take to another service" in text
    assert "portable.json" in files


# --- the restriction (Tietosuojalaki § 34) -------------------------------------------------


def test_a_withheld_category_is_stated_with_reason_ground_and_route(
    demo_register: Register,
) -> None:
    en_html = report(demo_register, AINO, decisions=WITHHOLD)
    en = visible(en_html)
    fi = visible(report(demo_register, AINO, "fi", decisions=WITHHOLD))
    restriction = section(en, "Data withheld from this copy", "Your data")
    assert "I have withheld the following data from this copy." in restriction
    assert "Therapy and health data" in restriction
    assert "Reason Merkinnät voivat tässä hoidon vaiheessa vaarantaa hoidon." in restriction
    assert (
        "Ground Giving this data to you could seriously endanger your health or your care "
        "(section 34(1)(2) of the Data Protection Act (1050/2018))."
    ) in restriction
    assert "lodge a complaint with the supervisory authority (GDPR Art. 77)" in restriction
    assert "seek a judicial remedy (GDPR Art. 79)" in restriction
    # Finnish cites the act in the genitive.
    assert "(tietosuojalain (1050/2018) 34 §:n 1 momentin 2 kohta)" in fi
    assert "Olen jättänyt seuraavat tiedot pois tästä jäljennöksestä." in fi
    # The withheld rows are nowhere, and the category is not said to hold nothing.
    assert "Välitarkastelu" not in en_html
    assert 'id="category-health"' not in en_html
    assert "Therapy and health data" not in en.split("Data categories holding nothing")[1]


def test_the_other_ground_is_worded_for_it(demo_register: Register) -> None:
    others = (replace(WITHHOLD[0], ground=WithholdGround.RIGHTS_OF_OTHERS),)
    text = visible(report(demo_register, AINO, decisions=others))
    assert "could seriously endanger your rights or the rights of someone else" in text
    fi = visible(report(demo_register, AINO, "fi", decisions=others))
    assert "vakavaa vaaraa sinun tai jonkun muun oikeuksille" in fi


# --- the no-data letter ------------------------------------------------------------------


def _letter(register: Register, lang: str, identifier: Identifier = NOBODY, **given: Any) -> str:
    context = build_report(
        register, lang, None, identifier, generated=WHEN, reference="REQ-1", **given
    )
    return render_report(context)


def test_the_letter_is_short_and_in_the_registers_voice(demo_register: Register) -> None:
    en = visible(_letter(demo_register, "en"))
    fi = visible(_letter(demo_register, "fi"))
    assert "Searched with Email address someone@example.org" in en
    assert (
        "I confirm that I do not process any personal data about you in it (GDPR Art. 15(1))" in en
    )
    assert (
        "for example another email address, your phone number or your name and date of birth, "
        "send them to me and I will search again"
    ) in en
    assert "Office of the Data Protection Ombudsman" in en
    assert "vahvistan, etten käsittele sinua koskevia henkilötietoja" in fi
    assert (
        "toisella sähköpostiosoitteella, puhelinnumerollasi tai nimelläsi ja syntymäajallasi" in fi
    )
    # No rights catalogue, no objection box, no "we" in an "I" register's letter.
    for absent in (
        "Your rights",
        "Right to rectification",
        "object",
        "Withdrawing consent",
        "How to use your rights",
        " we ",
        "We ",
    ):
        assert absent not in en, absent
    for absent in ("Oikeutesi", "vastustaa", "Vahvistamme", "meillä"):
        assert absent not in fi, absent


def test_the_letter_says_the_request_is_logged_only_when_it_is(demo_register: Register) -> None:
    logged = visible(_letter(demo_register, "en", logged=True))
    assert (
        "I have recorded your request and this reply in my log of data protection requests: "
        "when the request arrived, who made it and when it was answered. The record is kept so "
        "that I can show how your request was handled (GDPR Art. 5(2))."
    ) in logged
    assert "log of data protection requests" not in visible(_letter(demo_register, "en"))


def test_the_letter_says_how_long_the_record_is_kept_only_when_the_register_does(
    demo_path: Path,
) -> None:
    def without_period(data: dict[str, Any]) -> None:
        del data["rights"]["requests_kept"]

    kept = visible(_letter(load_register(demo_path), "fi", logged=True))
    assert "Merkinnän säilytysaika on 3 vuotta." in kept
    silent = visible(_letter(variant(demo_path, without_period), "fi", logged=True))
    assert "tietosuojapyyntöjen" in silent and "säilytysaika on" not in silent


def test_money_columns_show_their_currency(demo_register: Register) -> None:
    # The example maps orders.price and invoices.amount as euros (money = { amount = "EUR" }).
    fi = visible(report(demo_register, AINO, "fi"))
    assert re.search(r"\d+,\d\d\s€", fi), "a sum of money is written 95,00 €"
    en = visible(report(demo_register, AINO, "en"))
    assert re.search(r"\d+,\d\d\s€", en), "en_FI writes money as 95,00 € too"


def test_a_money_column_must_be_one_of_the_columns(demo_path: Path) -> None:
    from rekisteri.errors import RekisteriError

    def wrong(data: dict[str, Any]) -> None:
        for source in data["store"]["sources"]:
            if source.get("table") == "invoices":
                source["money"] = {"total": "EUR"}

    with pytest.raises(RekisteriError, match="money names total"):
        variant(demo_path, wrong)

    def bad_code(data: dict[str, Any]) -> None:
        for source in data["store"]["sources"]:
            if source.get("table") == "invoices":
                source["money"] = {"amount": "EUX"}

    with pytest.raises(RekisteriError, match="not an ISO 4217 currency"):
        variant(demo_path, bad_code)


def test_the_letter_names_what_was_searched_with(demo_register: Register) -> None:
    html = _letter(demo_register, "fi", identify(phone="040 123 4567"))
    assert f"Puhelinnumero 040{NBSP}1234567" in html
    assert "toisella puhelinnumerolla" in visible(html)
    named = visible(
        _letter(demo_register, "en", identify(name="aino virtanen", birth_date="1984-03-12"))
    )
    assert "Searched with Name Aino Virtanen Date of birth 12 March 1984" in named
    # Asked by name, the letter does not invite the name again.
    assert "your name and date of birth" not in named
    hetu = visible(_letter(demo_register, "fi", identify(hetu="010101-123N")))
    assert "Henkilötunnus 010101****" in hetu and "123N" not in hetu


def test_the_letter_fits_one_page(demo_register: Register) -> None:
    from rekisteri.documents.pdf import html_to_pdf
    from rekisteri.resources import templates_dir

    files = _bundle(demo_register, NOBODY, decisions=(), formats=("html", "pdf"))
    for lang in ("fi", "en"):
        # As the bundle writes it, and with the longest letter: the request log named too.
        logged = build_report(
            demo_register, lang, None, NOBODY, generated=WHEN, reference="R-1", logged=True
        )
        longest = html_to_pdf(
            render_report(logged),
            base_dir=templates_dir(),
            allowed_roots=[templates_dir()],
            **logged.head.pdf_metadata(),
        )
        for pdf in (files[f"report.{lang}.pdf"], longest):
            pages = PdfReader(BytesIO(pdf)).pages
            assert len(pages) == 1, lang
            text = pages[0].extract_text()
            assert "Tietosuojavaltuutetun toimisto" in text or "Data Protection Ombudsman" in text
            # The controller's contact card closes the letter on the same page.
            assert "terhi.kallio@outlook.com" in text


def test_a_register_speaking_as_we(demo_path: Path) -> None:
    def we(data: dict[str, Any]) -> None:
        data["controller"]["voice"] = "we"

    register = variant(demo_path, we)
    assert "We confirm that we process personal data about you in this register." in visible(
        report(register, AINO)
    )
    assert "vahvistamme, ettemme käsittele" in visible(_letter(register, "fi"))


# --- the first page ------------------------------------------------------------------------


def test_the_controller_is_named_once_on_the_first_page(demo_register: Register) -> None:
    files = _bundle(demo_register, AINO, formats=("html", "pdf"))
    pages = PdfReader(BytesIO(files["report.en.pdf"])).pages
    assert len(pages) > 1
    lines = [line.strip() for line in pages[0].extract_text().splitlines()]
    # Its name heads the first page once, with no running head above it; the register's own
    # name (which holds it) and the confirmation, in the register's voice, do not repeat it.
    assert lines.count("Tmi Terhi Kallio") == 1
    assert "Tmi Terhi Kallio confirms" not in " ".join(lines)
    # The later pages carry it as their running head.
    assert "Tmi Terhi Kallio" in [line.strip() for line in pages[1].extract_text().splitlines()]


# --- cells -----------------------------------------------------------------------------------


def _(message: str) -> str:
    return message


def test_cells_are_written_as_the_language_writes_them() -> None:
    assert cell(datetime(2023, 4, 25, 13, 39), "fi", _).text == f"25.4.2023 klo{NBSP}13.39"
    assert cell(datetime(2023, 4, 25, 13, 39), "en", _).text == f"25 April 2023 at{NBSP}13:39"
    # A moment with an offset is shown in the store's zone.
    moment = datetime(2023, 4, 25, 10, 39, tzinfo=UTC)
    helsinki = ZoneInfo("Europe/Helsinki")
    assert cell(moment, "fi", _, zone=helsinki).text == f"25.4.2023 klo{NBSP}13.39"
    assert cell(date(2023, 6, 11), "fi", _).text == "11.6.2023"
    # A decimal keeps the decimals the store keeps: a sum shows its cents.
    assert cell(Decimal("95.00"), "fi", _).text == "95,00"
    assert cell(Decimal("1234.5"), "fi", _).text == f"1{NBSP}234,5"
    assert cell(Decimal("12"), "fi", _).text == "12"
    # A phone number does not wrap inside itself; other text is left as it is.
    assert cell("045 127 3344", "fi", _, phone=True).text == f"045{NBSP}127{NBSP}3344"
    assert cell("Hämeenkatu 5 B 12", "fi", _).text == "Hämeenkatu 5 B 12"
    assert cell(None, "fi", _).kind == "empty"
    assert cell(True, "fi", _).text == "yes"


def test_phone_columns_of_the_mapping_do_not_wrap(demo_register: Register) -> None:
    html = report(demo_register, AINO)
    assert f"045{NBSP}127{NBSP}3344" in html
    assert f"045{NBSP}127{NBSP}3345" in html
    # The controller's and the authority's numbers on their cards too.
    assert f"045{NBSP}127{NBSP}0888" in html
    assert f"029{NBSP}566{NBSP}6700" in html
    assert "045 127 0888<" not in html


# --- golden files ------------------------------------------------------------------------------

STYLE = re.compile(r"<style>\n(.*?)</style>", re.S)
STYLE_PLACEHOLDER = "<style>/* notice/notice.css + access/report.css */</style>"


def _golden(name: str, html: str) -> None:
    assert len(STYLE.findall(html)) == 1
    content = STYLE.sub(lambda _: STYLE_PLACEHOLDER, html).encode("utf-8")
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(content)
    assert golden.exists(), f"{golden} is missing; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert content == golden.read_bytes(), (
        f"{golden.name} differs; if the change is intended run UPDATE_GOLDEN=1 pytest "
        f"{__file__} and review the diff"
    )


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_golden_report(demo_register: Register, lang: str) -> None:
    files = _bundle(demo_register, AINO, WITHHOLD, formats=("html", "json", "csv"))
    _golden(f"report.{lang}.html", files[f"report.{lang}.html"].decode("utf-8"))


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_golden_letter(demo_register: Register, lang: str) -> None:
    _golden(f"letter.{lang}.html", _letter(demo_register, lang, logged=True))
