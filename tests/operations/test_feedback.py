"""The homepage feedback snippet: publishable feedback only, with the people taken out."""

from __future__ import annotations

import html
import os
import re
import sqlite3
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekisteri.cli import app
from rekisteri.errors import RekisteriError
from rekisteri.operations import feedback as feedback_module
from rekisteri.operations.feedback import (
    PLACEHOLDER,
    Known,
    Morphology,
    Names,
    choose_morphology,
    feedback_review,
    feedback_snippet,
    fold,
    load_voikko,
    permission,
    plain,
    scrub,
    voikko,
    voikko_problem,
)
from rekisteri.register.loading import load_register
from store_fixtures import MINIMAL, build_sqlite, file_digest

AINO = Known(
    names=Names.of(["Aino Virtanen"]),
    literals={"aino.virtanen@example.com", "045 127 3344", "Hämeenkatu 5 B 12", "12.3.1984"},
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def voikko_or_skip() -> Morphology:
    found = voikko()
    if found is None:
        reason = f"Voikko is not available: {voikko_problem()}"
        if IN_CI:
            pytest.fail(reason + " (with CI=true it must be; .ci/run installs it)")
        pytest.skip(reason + "; install libvoikko1 and voikko-fi (bash .ci/run does)")
    return found


@pytest.fixture(params=["voikko", "stems"])
def morphology(request: pytest.FixtureRequest) -> Morphology | None:
    """Both ways of finding inflected names: Voikko's base forms, and the stems fallback."""
    return voikko_or_skip() if request.param == "voikko" else None


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
        ("Hyvä hoito. Terveisin Aino Virtanen", "Hyvä hoito."),
        ("Aino V. suosittelee lämpimästi", "[…] suosittelee lämpimästi"),
    ],
)
def test_identifiers_are_replaced(text: str, expected: str, morphology: Morphology | None) -> None:
    assert scrub(text, AINO, morphology=morphology).text == expected


def test_an_invalid_identity_code_is_not_a_hetu() -> None:
    # The check character of 120384-9074 is wrong; it is neither a hetu nor a phone number.
    assert scrub("koodi 120384-9074", Known(), morphology=None).text == "koodi 120384-9074"


# The names in the subject table of the corpus: cased, accented, inflected, foreign.
STORED = [
    "Aino Virtanen",
    "Satu Lahti",
    "Matti Ranta",
    "Élise Åberg",
    "Šárka Novák",
    "Jaana Jääskeläinen",
    "Eija Särkkä",
    "Mikko Mäkinen",
    "Pekka Heikkinen",
    "Antti Mattila",
    "Tuomas Kangas",
    "Søren Ødegård",
    "Zoë Brontë",
]
EVERYONE = Known(names=Names.of(STORED), public=frozenset({"terhi", "kallio"}))

# (text, what must not survive, what must stay). Signers who are not in the store (Ansku,
# Jenny) go with their signature.
CORPUS = [
    ("Kiitos Virtaselle!", ["Virtaselle"], ["Kiitos"]),
    ("SADULLE iso kiitos", ["SADULLE"], ["iso", "kiitos"]),
    ("Rannan Matti auttoi", ["Rannan", "Matti"], ["auttoi"]),
    ("t. Aino", ["Aino"], []),
    ("Terveisin Élise", ["Élise"], []),
    ("AINO VIRTANEN suosittelee lämpimästi", ["AINO", "VIRTANEN"], ["suosittelee"]),
    ("aino virtanen suosittelee lämpimästi", ["aino", "virtanen"], ["suosittelee"]),
    ("Virtasen perhe kiittää", ["Virtasen"], ["perhe", "kiittää"]),
    ("Virtasellekin kiitos", ["Virtase"], ["kiitos"]),
    ("Lahdelle kiitos hyvästä hoidosta", ["Lahdelle"], ["hyvästä hoidosta"]),
    ("Kävin Sadun ja Lahden kanssa", ["Sadun", "Lahden"], ["Kävin", "kanssa"]),
    ("Satu Lahti oli ihana", ["Satu", "Lahti"], ["oli ihana"]),
    ("Ainolle ja Matille kiitos", ["Ainolle", "Matille"], ["kiitos"]),
    ("Ranta-Matti oli paikalla", ["Ranta", "Matti"], ["oli paikalla"]),
    ("Matti\u00a0Ranta auttoi paljon", ["Matti", "Ranta"], ["auttoi paljon"]),
    ("rannan matti auttoi", ["rannan", "matti"], ["auttoi"]),
    ("Élise Åberg kiittää", ["Élise", "Åberg"], ["kiittää"]),
    ("ÉLISE ÅBERG kiittää", ["ÉLISE", "ÅBERG"], ["kiittää"]),
    ("ELISE ABERG kiittää", ["ELISE", "ABERG"], ["kiittää"]),
    ("E\u0301lise A\u030aberg kiittää", ["Élise", "Åberg"], ["kiittää"]),
    ("Åbergille iso kiitos", ["Åberg"], ["iso kiitos"]),
    ("Šárka Novák suosittelee", ["Šárka", "Novák"], ["suosittelee"]),
    ("ŠÁRKA NOVÁK suosittelee", ["ŠÁRKA", "NOVÁK"], ["suosittelee"]),
    ("Sarka Novakille kiitos", ["Sarka", "Novak"], ["kiitos"]),
    ("Novákin kanssa oli mukavaa", ["Novák"], ["kanssa oli mukavaa"]),
    ("Jääskeläiselle kiitos", ["Jääskeläise"], ["kiitos"]),
    ("Jaaskelaisen perhe kiittää", ["Jaaskelais"], ["perhe kiittää"]),
    ("Jaanan kanssa kävimme", ["Jaanan"], ["kanssa kävimme"]),
    ("Särkälle ja Eijalle paljon kiitoksia", ["Särkä", "Eija"], ["paljon kiitoksia"]),
    ("Sarkan kanssa oli mukavaa", ["Sarkan"], ["kanssa oli mukavaa"]),
    ("SÄRKKÄ oli mukana", ["SÄRKKÄ"], ["oli mukana"]),
    ("Mikon kanssa kävimme", ["Mikon"], ["kanssa kävimme"]),
    ("Mäkiselle kiitos", ["Mäkise"], ["kiitos"]),
    ("Pekalle ja Heikkiselle terveisiä", ["Pekalle", "Heikkiselle"], ["terveisiä"]),
    ("Antin ja Mattilan kanssa", ["Antin", "Mattilan"], ["kanssa"]),
    ("Kankaalle kiitos", ["Kankaa"], ["kiitos"]),
    ("Tuomaksen suosituksesta tulin", ["Tuomaksen"], ["suosituksesta tulin"]),
    ("Søren Ødegård kiittää", ["Søren", "Ødegård"], ["kiittää"]),
    ("Sørenille ja Ødegårdille", ["Søren", "Ødegård"], []),
    ("Soren Odegardille kiitos", ["Soren", "Odegard"], ["kiitos"]),
    ("Zoë Brontë kiittää", ["Zoë", "Brontë"], ["kiittää"]),
    ("Zoelle ja Bronten perheelle kiitos", ["Zoe", "Bronte"], ["perheelle kiitos"]),
    (
        "Hyvä hoito. Ystävällisin terveisin Aino Virtanen",
        ["terveisin", "Aino", "Virtanen"],
        ["Hyvä hoito."],
    ),
    ("Hieno kokemus! Terveisin, A. V.", ["Terveisin", "A. V."], ["Hieno kokemus!"]),
    ("Kiitos avusta.\nT: Ansku", ["Ansku"], ["Kiitos avusta."]),
    ("Kaikki meni hyvin -Ansku", ["Ansku"], ["Kaikki meni hyvin"]),
    ("Kaikki meni hyvin.\n– Ansku K.", ["Ansku", "K."], ["Kaikki meni hyvin."]),
    ("Hoito auttoi. Kiitos, Ansku", ["Ansku"], ["Hoito auttoi. Kiitos"]),
    ("Hoito auttoi. Kiitos!\nAnsku K.", ["Ansku", "K."], ["Hoito auttoi. Kiitos"]),
    ("Bra bemötande. Hälsningar Åsa", ["Åsa"], ["Bra bemötande."]),
    ("Tack för allt! Med vänliga hälsningar, Åsa Lind", ["Åsa", "Lind"], ["Tack för allt!"]),
    ("Great sessions. Best regards, Jenny", ["Jenny"], ["Great sessions."]),
    ("Very helpful.\nRegards, John Smith", ["John", "Smith"], ["Very helpful."]),
    ("Thanks a lot!\nKind regards\nTom", ["Tom"], ["Thanks a lot!"]),
    ("Hyvä paikka. Terv. Matti R.", ["Matti", "R."], ["Hyvä paikka."]),
    ("Kiitos avusta, terkuin Satu", ["Satu", "terkuin"], ["Kiitos avusta"]),
    ("Mahtavaa! mvh Ansku", ["Ansku"], ["Mahtavaa!"]),
    ("Kiitos Terhille ja Sadulle!", ["Sadulle"], ["Kiitos Terhille ja"]),
]


@pytest.mark.parametrize(("text", "gone", "kept"), CORPUS, ids=[c[0][:30] for c in CORPUS])
def test_no_name_or_signature_of_the_corpus_survives(
    text: str, gone: list[str], kept: list[str], morphology: Morphology | None
) -> None:
    published = scrub(text, EVERYONE, morphology=morphology).text
    for word in gone:
        assert fold(word) not in fold(published), (word, published)
        assert plain(word) not in plain(published), (word, published)
    for words in kept:
        assert words in published, (words, published)


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Mikko Mäkinen", "Mikon kanssa"),  # consonant gradation
        ("Mikko Mäkinen", "Mikolle kiitos"),
        ("Mikko Mäkinen", "Mäkisen perhe"),
        ("Pekka Heikkinen", "Pekalle ja Heikkiselle"),
        ("Antti Mattila", "Antin ja Mattilan"),
        ("Liisa Laine", "Liisan äiti"),
        ("Satu Lahti", "Sadulle ja Lahdelle"),
        ("Matti Ranta", "Matille ja Rannalle"),
    ],
)
def test_inflected_names_are_found(name: str, text: str, morphology: Morphology | None) -> None:
    scrubbed = scrub(text, Known(names=Names.of([name])), morphology=morphology)
    assert not re.search(r"\b[A-ZÅÄÖ]", scrubbed.text.replace(PLACEHOLDER, "")), scrubbed.text


def test_words_are_not_names_just_because_they_start_alike(morphology: Morphology | None) -> None:
    known = Known(names=Names.of(["Mikko Mäkinen"]))
    assert scrub("Mikä oli parasta? Mäki oli jyrkkä.", known, morphology=morphology).text == (
        "Mikä oli parasta? Mäki oli jyrkkä."
    )


def test_voikko_keeps_words_the_stems_take_for_names() -> None:
    # "satunnainen" (random) starts like Satu: the fallback removes it, Voikko knows better.
    known = Known(names=Names.of(["Satu Lahti"]))
    text = "Ajat olivat satunnaisia mutta hyviä"
    assert scrub(text, known, morphology=voikko_or_skip()).text == text
    assert scrub(text, known, morphology=None).text == "Ajat olivat […] mutta hyviä"


def test_word_counts() -> None:
    result = scrub("Kiitos kovasti. Terveisin Aino Virtanen", AINO, morphology=None)
    assert (result.text, result.removed, result.words_before, result.words_after) == (
        "Kiitos kovasti.",
        1,
        5,
        2,
    )
    assert result.marked() == "Kiitos kovasti. [-Terveisin Aino Virtanen-]"
    assert [r.kind for r in result.removals] == ["signature, name"]


# --- Voikko, and the fallback when it is missing --------------------------------------------------


def test_voikko_is_installed_where_ci_runs() -> None:
    found = voikko_or_skip()
    assert "virtanen" in found.base_forms("Virtaselle")
    assert voikko() is found  # one instance per process


def test_without_voikko_names_are_found_by_their_stems(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feedback_module, "_voikko_state", "the Python package libvoikko is missing")
    assert choose_morphology("auto") is None
    with pytest.raises(RekisteriError, match=r"Voikko is needed .* libvoikko is missing"):
        choose_morphology("voikko")
    add_feedback(demo_path, (2, 5, "Kiitos Virtaselle, hoito auttoi minua paljon.", True))
    export = feedback_snippet(load_register(demo_path))
    assert export.morphology == "stems"
    assert "Kiitos […], hoito auttoi minua paljon." in quotes(export.html)
    assert "names were found by their stems" in export.summary()
    assert "libvoikko is missing" in export.summary()


def test_a_missing_voikko_is_a_reason_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "libvoikko", None)
    assert "libvoikko is not installed" in str(load_voikko())

    class Broken(types.ModuleType):
        class VoikkoException(Exception):
            pass

        @staticmethod
        def Voikko(language: str) -> None:
            raise Broken.VoikkoException("Specified dictionary variant was not found")

    monkeypatch.setitem(sys.modules, "libvoikko", Broken("libvoikko"))
    assert "install Debian's voikko-fi" in str(load_voikko())

    class NoLibrary(Broken):
        @staticmethod
        def Voikko(language: str) -> None:
            raise OSError("libvoikko.so.1: cannot open shared object file")

    monkeypatch.setitem(sys.modules, "libvoikko", NoLibrary("libvoikko"))
    assert "install Debian's libvoikko1" in str(load_voikko())


# --- permission to publish ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "allowed"),
    [
        (True, True),
        (1, True),
        ("1", True),
        ("true", True),
        (" TRUE ", True),
        ("t", True),
        ("Yes", True),
        ("kyllä", True),
        ("KYLLÄ", True),
        ("ja", True),
        (False, False),
        (0, False),
        (None, False),
        ("", False),
        ("  ", False),
        ("ei", False),
        ("false", False),
        ("nej", False),
        ("maybe", None),
        ("julkaistaan?", None),
        (2, None),
        (-1, None),
        (1.5, None),
        (b"1", None),
    ],
)
def test_only_a_real_yes_is_a_permission(value: object, allowed: bool | None) -> None:
    assert permission(value) is allowed


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


def test_the_names_of_every_group_are_removed(demo_path: Path) -> None:
    # Kalle Virtanen, Raija Heinonen and Kaarina Savolainen are next of kin, not clients: the
    # register maps them as a group of their own, and their names are people's names too.
    add_feedback(
        demo_path,
        (4, 5, "Kävin Kallen ja RAIJAN kanssa, ja hoito oli todella hyvää meille kaikille.", True),
        (5, 5, "Suosittelen lämpimästi, kiitos myös Kaarinalle avusta pysäköinnissä.", True),
    )
    shown = quotes(feedback_snippet(load_register(demo_path)).html)
    assert shown[:2] == [
        "Kävin […] ja […] kanssa, ja hoito oli todella hyvää meille kaikille.",
        "Suosittelen lämpimästi, kiitos myös […] avusta pysäköinnissä.",
    ]


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
    with pytest.raises(RekisteriError, match="the notice is written in fi, en, not in 'sv'"):
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
    with pytest.raises(RekisteriError) as caught:
        feedback_snippet(load_register(demo_path))
    # The words are shared with marketing (operations/store_tables.py); they stay these.
    assert str(caught.value) == (
        f"{demo_path}: the register has no [store.feedback] table, so rekisteri does not know "
        "where the feedback is"
        "\n    hint: add [store.feedback] with table, text and publishable; see "
        "examples/terhi-kallio/register.toml"
    )


# --- the command ----------------------------------------------------------------------------------


def test_cli_feedback(demo_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["feedback", str(demo_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('<section class="rekisteri-feedback" lang="en">')
    summary = "6 publishable, 6 published, 0 left out as identifying, 0 without text"
    if voikko() is not None:
        assert result.stderr == summary + "\n"
    else:
        assert result.stderr.startswith(summary + "; names were found by their stems")
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
    from store_fixtures import STORE_SQL, pg_checksums, pg_execute

    expected = feedback_snippet(load_register(demo_path)).html
    pg_execute(pg_database, STORE_SQL.read_text(encoding="utf-8"))
    before = pg_checksums(pg_database)
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    assert feedback_snippet(load_register(demo_path)).html == expected
    assert pg_checksums(pg_database) == before


def test_mariadb_gives_the_same_snippet(
    demo_path: Path, mysql_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store_fixtures import STORE_SQL, mysql_execute

    expected = feedback_snippet(load_register(demo_path)).html
    mysql_execute(mysql_database, STORE_SQL.read_text(encoding="utf-8"))
    monkeypatch.setenv("REKISTERI_STORE_URL", mysql_database)
    assert feedback_snippet(load_register(demo_path)).html == expected


# --- stores shaped the way real ones are ----------------------------------------------------------

FEEDBACK_STORE = """
[store]
url = "store.sqlite"

[store.subject]
table = "clients"
name = ["first_name", "last_name"]

[store.feedback]
table = "feedback"
text = "comment"
publishable = "may_publish"
subject_column = "client_id"
rating = "rating"
order_by = "id"
"""
PRACTITIONER = MINIMAL.replace('name = "Testi Oy"', 'name = "Terhi Kallio"')


def feedback_store(
    tmp_path: Path,
    clients: list[str],
    answers: list[tuple[int, str, object, object]],
) -> Path:
    """A register whose store holds ``clients`` (full names) and ``answers``
    (client id, text, rating, permission), in this order, oldest first."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "register.toml"
    path.write_text(PRACTITIONER + FEEDBACK_STORE, encoding="utf-8")
    store = build_sqlite(
        tmp_path / "store.sqlite",
        "CREATE TABLE clients (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);"
        # No declared types: real stores hold whatever their application wrote.
        "CREATE TABLE feedback (id INTEGER PRIMARY KEY, client_id INTEGER, comment TEXT, "
        "rating, may_publish);",
    )
    connection = sqlite3.connect(store)
    connection.executemany(
        "INSERT INTO clients (id, first_name, last_name) VALUES (?, ?, ?)",
        [(i, *name.split(" ", 1)) for i, name in enumerate(clients, start=1)],
    )
    connection.executemany(
        "INSERT INTO feedback (client_id, comment, rating, may_publish) VALUES (?, ?, ?, ?)",
        answers,
    )
    connection.commit()
    connection.close()
    return path


def test_the_snippet_names_nobody_of_the_store(
    tmp_path: Path, morphology: Morphology | None
) -> None:
    # Each client's answer names other clients, inflected, cased and without diacritics.
    texts = [text for text, _gone, _kept in CORPUS if "\n" not in text]
    answers = [
        (1 + i % len(STORED), "Hoito auttoi minua paljon.\n" + text, 5, 1)
        for i, text in enumerate(texts)
    ]
    path = feedback_store(tmp_path, STORED, answers)
    wanted = "voikko" if morphology is not None else "stems"
    export = feedback_snippet(load_register(path), morphology=wanted)
    assert export.morphology == wanted
    assert len(export.published) == len(texts)
    page = html.unescape(export.html)
    for _text, gone, _kept in CORPUS:
        for word in gone:
            assert fold(word) not in fold(page), word
            assert plain(word) not in plain(page), word
    assert "Hoito auttoi minua paljon. Kiitos Terhille ja […]!" in page


def test_the_practitioners_name_goes_when_a_client_has_it(tmp_path: Path) -> None:
    text = "Terhi otti meidät hienosti vastaan, kiitos paljon."
    path = feedback_store(tmp_path, ["Aino Virtanen"], [(1, text, None, 1)])
    assert quotes(feedback_snippet(load_register(path)).html) == [text]
    # Aino writes about the practitioner; but a client is called Terhi too.
    path = feedback_store(tmp_path / "b", ["Terhi Laine", "Aino Virtanen"], [(2, text, None, 1)])
    assert quotes(feedback_snippet(load_register(path)).html) == [
        "[…] otti meidät hienosti vastaan, kiitos paljon."
    ]


def test_permission_is_published_only_when_recorded(tmp_path: Path) -> None:
    values: list[object] = [1, "kyllä", "YES", " true ", "ja", 0, "ei", None, "", "maybe", 2, "x"]
    answers = [(1, f"Vastaus numero {i} oli hyvä.", None, v) for i, v in enumerate(values)]
    path = feedback_store(tmp_path, ["Aino Virtanen"], answers)
    export = feedback_snippet(load_register(path))
    shown = quotes(export.html)
    assert sorted(shown) == [f"Vastaus numero {i} oli hyvä." for i in range(5)]
    assert export.publishable == 5 and export.unknown_permission == 3
    summary = export.summary()
    assert "3 not published because the permission to publish is neither a yes nor a no" in summary
    assert "'maybe'" in summary and "'x'" in summary and "2" in summary


@pytest.mark.parametrize(
    ("rating", "shown"),
    [(9e999, "inf"), (-9e999, "-inf"), ("NaN", "'NaN'"), (6, "6"), (-1, "-1"), ("hyvä", "'hyvä'")],
)
def test_a_rating_the_store_cannot_hold_is_an_error(
    tmp_path: Path, rating: object, shown: str
) -> None:
    answers = [(1, "Hoito auttoi minua paljon.", 4, 1), (1, "Sain apua nopeasti.", rating, 1)]
    path = feedback_store(tmp_path, ["Aino Virtanen"], answers)
    with pytest.raises(RekisteriError) as caught:
        feedback_snippet(load_register(path))
    message = str(caught.value)
    assert "store.feedback.rating: table 'feedback', column 'rating'" in message
    assert f"not a number from 0 to 5, e.g. {shown} (row 2)" in message
    target = tmp_path / "site" / "palaute.html"
    result = CliRunner().invoke(app, ["feedback", str(path), "-o", str(target)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "column 'rating'" in result.output
    assert not target.exists()


def test_a_rating_without_permission_is_not_checked_and_ratings_round(tmp_path: Path) -> None:
    answers = [
        (1, "Sain apua nopeasti ja hyvin.", "hyvä", 0),
        (1, "Hoito auttoi minua paljon.", 4.5, 1),
        (1, "Ajanvaraus oli helppoa tänään.", " 3 ", 1),
    ]
    path = feedback_store(tmp_path, ["Aino Virtanen"], answers)
    export = feedback_snippet(load_register(path))
    assert [p.rating for p in export.published] == [3, 5]


def test_a_nan_rating_from_postgresql(
    pg_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store_fixtures import pg_execute

    pg_execute(
        pg_database,
        "CREATE TABLE clients (id integer PRIMARY KEY, first_name text, last_name text);"
        "CREATE TABLE feedback (id integer PRIMARY KEY, client_id integer, comment text, "
        "rating double precision, may_publish boolean);"
        "INSERT INTO clients VALUES (1, 'Aino', 'Virtanen');"
        "INSERT INTO feedback VALUES (1, 1, 'Hoito auttoi minua paljon.', 'NaN', true);",
    )
    path = feedback_store(tmp_path, [], [])
    monkeypatch.setenv("REKISTERI_STORE_URL", pg_database)
    with pytest.raises(RekisteriError, match=r"not a number from 0 to 5, e.g. nan \(row 1\)"):
        feedback_snippet(load_register(path))


# --- reviewing before publishing ------------------------------------------------------------------


def test_the_review_shows_what_was_removed(tmp_path: Path) -> None:
    answers = [
        (1, "Kiitos Sadulle, hoito auttoi minua paljon.\nt. Aino", 5, 1),
        (2, "Terveisin Satu Lahti", 4, 1),
        (2, "Ei julkaista tätä Ainoa koskevaa.", 4, 0),
    ]
    path = feedback_store(tmp_path, ["Aino Virtanen", "Satu Lahti"], answers)
    review = feedback_review(load_register(path))
    # Newest first; the answer without permission is not even reviewed.
    assert [(r.outcome, r.rating) for r in review.reviewed] == [
        ("identifying", 4),
        ("published", 5),
    ]
    first = review.reviewed[1].scrubbed
    assert first.text == "Kiitos […], hoito auttoi minua paljon."
    assert [(r.kind, r.text) for r in first.removals] == [
        ("name", "Sadulle"),
        ("signature, name", "t. Aino"),
    ]
    assert first.marked() == "Kiitos [-Sadulle-], hoito auttoi minua paljon.\n[-t. Aino-]"
    assert review.html == ""


def test_cli_review_writes_nothing(tmp_path: Path) -> None:
    answers = [(1, "Kiitos Sadulle, \x1b[2Jhoito auttoi minua paljon.", 5, 1)]
    path = feedback_store(tmp_path, ["Satu Lahti"], answers)
    before = file_digest(tmp_path / "store.sqlite")
    listing = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(app, ["feedback", str(path), "--review"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "Kiitos [-Sadulle-], \\x1b[2Jhoito auttoi minua paljon." in result.stdout
    assert "julkaistu: Kiitos […], \\x1b[2Jhoito auttoi minua paljon." in result.stdout
    assert "poistettu: nimi 'Sadulle'" in result.stdout
    assert "<section" not in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    assert file_digest(tmp_path / "store.sqlite") == before
    target = tmp_path / "palaute.html"
    result = CliRunner().invoke(app, ["feedback", str(path), "--review", "-o", str(target)])
    assert result.exit_code == 2 and "--review" in result.output
    assert not target.exists()
