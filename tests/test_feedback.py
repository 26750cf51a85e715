"""The homepage feedback snippet: publishable feedback only, with the people taken out."""

from __future__ import annotations

import html
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.register_assert_rewrite("conftest_store")

from conftest_store import file_digest  # noqa: E402
from rekisteri.cli import app  # noqa: E402
from rekisteri.errors import RekisteriError  # noqa: E402
from rekisteri.feedback import PLACEHOLDER, Known, feedback_snippet, name_stems, scrub  # noqa: E402
from rekisteri.loading import load_register  # noqa: E402

pytest_plugins = ["conftest_store"]

AINO = Known(
    names=name_stems("Aino Virtanen"),
    literals={"aino.virtanen@example.com", "045 127 3344", "Hämeenkatu 5 B 12", "12.3.1984"},
)


# --- removing identifiers from a text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kiitos, sain paljon apua.", "Kiitos, sain paljon apua."),
        ("Kirjoita minulle: aino.v@example.fi kiitos", "Kirjoita minulle: […] kiitos"),
        ("Lisää sivulla https://example.com/aino ja www.example.fi", "Lisää sivulla […] ja […]"),
        ("Soita 040-771 2290 tai +358 44 123 9900 illalla", "Soita […] tai […] illalla"),
        ("Numeroni on 0451273344.", "Numeroni on […]."),
        ("Hetuni 120384-9073 oli väärin", "Hetuni […] oli väärin"),
        ("Vuonna 2000 syntynyt 111101A998D", "Vuonna 2000 syntynyt […]"),
        ("Asun Hämeenkatu 5 B 12 ja viihdyn", "Asun […] ja viihdyn"),
        ("Posti osoitteeseen PL 123, 05801 Hyvinkää kiitos", "Posti osoitteeseen […] kiitos"),
        ("Rantakatu 2 C 8 on lähellä", "[…] on lähellä"),
        ("Käyn Siltakadulla 12:ssa joka viikko", "Käyn […] joka viikko"),
        ("Kiitos Ainolle ja Virtasen perheelle!", "Kiitos […] ja […] perheelle!"),
        ("Aino Virtanen suosittelee lämpimästi", "[…] suosittelee lämpimästi"),
        ("Synnyin 12.3.1984 Hyvinkäällä", "Synnyin […] Hyvinkäällä"),
        (
            "Maksoin 95 euroa vuonna 2023 klo 14.00-15.30",
            "Maksoin 95 euroa vuonna 2023 klo 14.00-15.30",
        ),
        ("Tilaus 1234567 tuli perille 2.3.2024", "Tilaus 1234567 tuli perille 2.3.2024"),
    ],
)
def test_identifiers_are_replaced(text: str, expected: str) -> None:
    assert scrub(text, AINO).text == expected


def test_an_invalid_identity_code_is_not_a_hetu() -> None:
    # The check character of 120384-9074 is wrong; it is neither a hetu nor a phone number.
    assert scrub("koodi 120384-9074", Known()).text == "koodi 120384-9074"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Mikko Mäkinen", "Mikon kanssa"),  # consonant gradation
        ("Mikko Mäkinen", "Mikolle kiitos"),
        ("Mikko Mäkinen", "Mäkisen perhe"),
        ("Pekka Heikkinen", "Pekalle ja Heikkiselle"),
        ("Antti Mattila", "Antin ja Mattilan"),
        ("Liisa Laine", "Liisan äiti"),
    ],
)
def test_inflected_names_are_found(name: str, text: str) -> None:
    scrubbed = scrub(text, Known(names=name_stems(name)))
    assert not re.search(r"\b[A-ZÅÄÖ]", scrubbed.text.replace(PLACEHOLDER, "")), scrubbed.text


def test_words_are_not_names_just_because_they_start_alike() -> None:
    known = Known(names=name_stems("Mikko Mäkinen"))
    assert scrub("Mikä oli parasta? Mäki oli jyrkkä.", known).text == (
        "Mikä oli parasta? Mäki oli jyrkkä."
    )


def test_word_counts() -> None:
    result = scrub("Terveisin Aino Virtanen", AINO)
    assert (result.text, result.removed, result.words_before, result.words_after) == (
        "Terveisin […]",
        2,
        3,
        1,
    )


# --- the snippet from the demo store --------------------------------------------------------------


def add_feedback(demo_path: Path, *rows: tuple[int, int, str, bool]) -> None:
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    connection.executemany(
        "INSERT INTO feedback (client_id, given_at, rating, comment, may_publish) "
        "VALUES (?, '2024-09-01', ?, ?, ?)",
        rows,
    )
    connection.commit()
    connection.close()


class _Quotes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = self._inside or tag == "blockquote"
        if tag == "blockquote":
            self.quotes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.quotes[-1] += data


def quotes(snippet: str) -> list[str]:
    parser = _Quotes()
    parser.feed(snippet)
    return [q.strip() for q in parser.quotes]


def test_only_publishable_feedback_is_shown(demo_path: Path) -> None:
    export = feedback_snippet(load_register(demo_path))
    # Six of the eleven demo answers may be published; newest first.
    assert quotes(export.html) == [
        "Kiitos, sain paljon apua.",
        "Ajanvaraus oli helppoa.",
        "Kiitos, sain paljon apua.",
        "Toivoisin iltavastaanottoja.",
        "Toivoisin iltavastaanottoja.",
        "Kiitos, sain paljon apua.",
    ]
    assert export.publishable == 6 and export.dropped_identifying == 0
    assert "<h2>Asiakkaiden palautetta</h2>" in export.html
    assert "Arvosana 5/5" in export.html


def test_people_are_removed_and_identifying_answers_dropped(demo_path: Path) -> None:
    add_feedback(
        demo_path,
        # Aino (1) names herself, her phone, email and street.
        (1, 5, "Olen Aino ja asun Hämeenkatu 5 B 12. Soita 045 127 3344 tai kirjoita "
               "aino.virtanen@example.com, kerron mielelläni lisää rentoutusryhmästä.", True),
        # Mikko (2) signs his answer: nothing but identifiers is left.
        (2, 4, "Terveisin Mikko Virtanen, Kauppakatu 21", True),
        # Liisa (3) mentions another client by name, and the practitioner.
        (3, 5, "Kävin Jussin kanssa, ja Terhi otti meidät hienosti vastaan.", True),
        # Outi (9) gives her identity code; the answer is otherwise long enough.
        (9, 3, "Hetuni 270298-963C kysyttiin turhaan, muuten palvelu oli ystävällistä.", True),
        # Not publishable: never shown, whatever it says.
        (5, 5, "Sanna Nieminen ei halua tätä julki.", False),
        (6, 5, "   ", True),
    )  # fmt: skip
    export = feedback_snippet(load_register(demo_path))
    shown = quotes(export.html)
    assert shown[:3] == [
        "Olen […] ja asun […]. Soita […] tai kirjoita […], kerron mielelläni lisää "
        "rentoutusryhmästä.",
        "Kävin […] kanssa, ja Terhi otti meidät hienosti vastaan.",
        "Hetuni […] kysyttiin turhaan, muuten palvelu oli ystävällistä.",
    ]
    assert export.dropped_identifying == 1 and export.dropped_empty == 1
    page = html.unescape(export.html)
    connection = sqlite3.connect(demo_path.with_name("asiakkaat.sqlite"))
    for first, last, email, phone, hetu in connection.execute(
        "SELECT first_name, last_name, email, phone, hetu FROM clients"
    ):
        for value in (last, email, phone, hetu):
            assert not value or value.strip() not in page, value
        assert not re.search(rf"\b{first}", page), first
    connection.close()


def test_the_snippet_escapes_what_people_wrote(demo_path: Path) -> None:
    add_feedback(demo_path, (4, 5, "Paras <script>alert(1)</script> terapia ikinä & aina", True))
    export = feedback_snippet(load_register(demo_path))
    assert "<script>" not in export.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; terapia ikinä &amp; aina" in export.html


def test_the_snippet_in_english_and_from_an_override(demo_path: Path, tmp_path: Path) -> None:
    export = feedback_snippet(load_register(demo_path), lang="en")
    assert "<h2>What clients say</h2>" in export.html and "Rating 4 of 5" in export.html
    override = tmp_path / "mine" / "feedback"
    override.mkdir(parents=True)
    (override / "snippet.html.j2").write_text(
        "{% for item in items %}<q>{{ item.text }}</q>{% endfor %}\n", encoding="utf-8"
    )
    mine = feedback_snippet(load_register(demo_path), templates=tmp_path / "mine")
    assert mine.html.startswith("<q>Kiitos, sain paljon apua.</q>")
    with pytest.raises(RekisteriError, match="not published in 'sv'"):
        feedback_snippet(load_register(demo_path), lang="sv")


def test_the_store_is_only_read(demo_path: Path) -> None:
    store = demo_path.with_name("asiakkaat.sqlite")
    before = file_digest(store)
    feedback_snippet(load_register(demo_path))
    assert file_digest(store) == before


def test_mapping_mistakes_are_located(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8").replace(
        'publishable = "may_publish"', 'publishable = "may_publis"'
    )
    demo_path.write_text(text.replace('also_remove = ["street"]', 'also_remove = ["stret"]'))
    with pytest.raises(RekisteriError) as caught:
        feedback_snippet(load_register(demo_path))
    text = str(caught.value)
    assert "store.feedback.publishable: table 'feedback' has no column 'may_publis'" in text
    assert "store.feedback.also_remove[0]" in text


def test_a_register_without_a_feedback_mapping(demo_path: Path) -> None:
    text = demo_path.read_text(encoding="utf-8")
    demo_path.write_text(text[: text.index("# `rekisteri feedback`")], encoding="utf-8")
    with pytest.raises(RekisteriError, match=r"no \[store.feedback\] table"):
        feedback_snippet(load_register(demo_path))


# --- the command ----------------------------------------------------------------------------------


def test_cli_feedback(demo_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["feedback", str(demo_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('<section class="rekisteri-feedback" lang="en">')
    assert (
        result.stderr == "6 publishable, 6 published, 0 left out as identifying, 0 without text\n"
    )
    target = tmp_path / "site" / "palaute.html"
    result = runner.invoke(app, ["feedback", str(demo_path), "-o", str(target)])
    assert result.exit_code == 0 and target.read_text(encoding="utf-8").startswith("<section")
    result = runner.invoke(app, ["feedback", str(demo_path), "-o", str(target)])
    assert result.exit_code == 1 and "already exists" in result.output
    result = runner.invoke(app, ["feedback", str(demo_path), "-o", str(target), "--force"])
    assert result.exit_code == 0


def test_postgresql_gives_the_same_snippet(
    demo_path: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest_store import STORE_SQL, pg_checksums, pg_execute

    expected = feedback_snippet(load_register(demo_path)).html
    pg_execute(pg_database, STORE_SQL.read_text(encoding="utf-8"))
    before = pg_checksums(pg_database)
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    assert feedback_snippet(load_register(demo_path)).html == expected
    assert pg_checksums(pg_database) == before


def test_mariadb_gives_the_same_snippet(
    demo_path: Path, mysql_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest_store import STORE_SQL, mysql_execute

    expected = feedback_snippet(load_register(demo_path)).html
    mysql_execute(mysql_database, STORE_SQL.read_text(encoding="utf-8"))
    monkeypatch.setenv("REKISTERI_STORE_URL", mysql_database)
    assert feedback_snippet(load_register(demo_path)).html == expected
