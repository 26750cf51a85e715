"""Tests for :mod:`rekisteri.register.tomlpos`: exact positions, tomllib agreement, robustness."""

from __future__ import annotations

import random
import re
import string
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.register.tomlpos import Path_, _Scanner, locate


def scan_strictly(doc: str) -> dict[Path_, tuple[int, int]]:
    """Run the scanner without locate()'s safety net, so that a bug cannot hide behind it."""
    scanner = _Scanner()
    scanner.scan(doc)
    return scanner.positions


# -- exact positions --------------------------------------------------------------------------

BRIEF_EXAMPLE = """\
name = "x"
[notice]
languages = ["fi", "en"]
[[purposes]]
id = "care"
[[purposes]]
legal_basis = "contrct"
[purposes.extra]
[controller.address]
a.b.c = 1
x = { street = "S", city = "H" }
y = [ { id = "a" }, { id = "b" } ]
"""

CASES: list[tuple[str, str, Path_, tuple[int, int] | None]] = [
    # (case id, document, path, expected position or None for "must be absent")
    ("top-level key", BRIEF_EXAMPLE, ("name",), (1, 1)),
    ("table header", BRIEF_EXAMPLE, ("notice",), (2, 1)),
    ("key in table", BRIEF_EXAMPLE, ("notice", "languages"), (3, 1)),
    ("array element 0", BRIEF_EXAMPLE, ("notice", "languages", 0), (3, 14)),
    ("array element 1", BRIEF_EXAMPLE, ("notice", "languages", 1), (3, 20)),
    ("array of tables", BRIEF_EXAMPLE, ("purposes",), (4, 1)),
    ("aot element 0", BRIEF_EXAMPLE, ("purposes", 0), (4, 1)),
    ("aot element 0 key", BRIEF_EXAMPLE, ("purposes", 0, "id"), (5, 1)),
    ("aot element 1", BRIEF_EXAMPLE, ("purposes", 1), (6, 1)),
    ("aot element 1 key", BRIEF_EXAMPLE, ("purposes", 1, "legal_basis"), (7, 1)),
    ("sub-table of last aot element", BRIEF_EXAMPLE, ("purposes", 1, "extra"), (8, 1)),
    ("implicit parent table", BRIEF_EXAMPLE, ("controller",), (9, 1)),
    ("dotted header", BRIEF_EXAMPLE, ("controller", "address"), (9, 1)),
    ("dotted key 1", BRIEF_EXAMPLE, ("controller", "address", "a"), (10, 1)),
    ("dotted key 2", BRIEF_EXAMPLE, ("controller", "address", "a", "b"), (10, 3)),
    ("dotted key 3", BRIEF_EXAMPLE, ("controller", "address", "a", "b", "c"), (10, 5)),
    ("inline table", BRIEF_EXAMPLE, ("controller", "address", "x"), (11, 1)),
    ("inline table key 1", BRIEF_EXAMPLE, ("controller", "address", "x", "street"), (11, 7)),
    ("inline table key 2", BRIEF_EXAMPLE, ("controller", "address", "x", "city"), (11, 21)),
    ("array of inline 0", BRIEF_EXAMPLE, ("controller", "address", "y", 0), (12, 7)),
    ("array of inline 0 key", BRIEF_EXAMPLE, ("controller", "address", "y", 0, "id"), (12, 9)),
    ("array of inline 1 key", BRIEF_EXAMPLE, ("controller", "address", "y", 1, "id"), (12, 23)),
    # nested arrays of tables
    ("nested aot", "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\n", ("a", 0, "b", 1), (3, 1)),
    (
        "nested aot 2nd parent",
        "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\n",
        ("a", 1, "b", 0),
        (5, 1),
    ),
    ("nested aot array", "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\n", ("a", 1, "b"), (5, 1)),
    ("aot key after sub", "[[a]]\n[a.t]\n[[a.b]]\nk = 1\n", ("a", 0, "b", 0, "k"), (4, 1)),
    # first definition wins, explicit header beats implicit
    ("explicit overrides implicit", "[a.b]\nx = 1\n[a]\ny = 2\n", ("a",), (3, 1)),
    ("implicit child kept", "[a.b]\nx = 1\n[a]\ny = 2\n", ("a", "b"), (1, 1)),
    ("explicit first kept", "[a]\n[a.b]\n", ("a",), (1, 1)),
    ("dotted key does not override", "[a.b.c]\n[a]\nb.d = 1\n", ("a", "b"), (1, 1)),
    ("dotted key after implicit", "[a.b.c]\n[a]\nb.d = 1\n", ("a", "b", "d"), (3, 3)),
    ("indented header", "  [ t ]\n  k = 1\n", ("t",), (1, 3)),
    ("indented key", "  [ t ]\n  k = 1\n", ("t", "k"), (2, 3)),
    # comments
    ("comment line", "# [fake]\n# k = 1\nk = 1 # x = 2\n", ("k",), (3, 1)),
    ("comment is not a key", "# [fake]\n# k = 1\nk = 1 # x = 2\n", ("x",), None),
    ("comment after header", "[t] # [u]\nk = 1\n", ("t", "k"), (2, 1)),
    ("commented header", "# [u]\nk = 1\n", ("u",), None),
    # strings
    ("escaped quote", 'a = "a \\" # b = 1"\nb = 2\n', ("b",), (2, 1)),
    ("escaped backslash", 'a = "x\\\\" # c\nb = 2\n', ("b",), (2, 1)),
    ("literal backslash", "a = 'C:\\path # x'\nb = 2\n", ("b",), (2, 1)),
    ("ml basic", 'a = """\n[fake]\nk = 1\n"""\nb = 2\n', ("b",), (5, 1)),
    ("ml basic fake header", 'a = """\n[fake]\nk = 1\n"""\nb = 2\n', ("fake",), None),
    ("ml basic fake key", 'a = """\n[fake]\nk = 1\n"""\nb = 2\n', ("k",), None),
    ("ml basic escaped quotes", 'a = """x\\"""\nk = 1\n"""\nb = 2\n', ("k",), None),
    ("ml basic escaped quotes end", 'a = """x\\"""\nk = 1\n"""\nb = 2\n', ("b",), (4, 1)),
    ("ml basic extra quotes", 'a = """x"""""\nb = 2\n', ("b",), (2, 1)),
    ("ml basic one extra quote", 'a = """x""""  # c\nb = 2\n', ("b",), (2, 1)),
    ("ml basic inner quotes", 'a = """ "" " ""\nk = 1"""\nb = 2\n', ("k",), None),
    ("ml basic line continuation", 'a = """x \\\n  k = 1"""\nb = 2\n', ("b",), (3, 1)),
    ("ml literal", "a = '''\n[fake]\nk = 'x'\n'''\nb = 2\n", ("b",), (5, 1)),
    ("ml literal fake", "a = '''\n[fake]\nk = 'x'\n'''\nb = 2\n", ("fake",), None),
    ("ml literal extra quotes", "a = '''x'''''\nb = 2\n", ("b",), (2, 1)),
    ("ml literal backslash", "a = '''C:\\'''\nb = 2\n", ("b",), (2, 1)),
    # quoted keys
    ("quoted key", '"ä key" = 1\n', ("ä key",), (1, 1)),
    ("literal key with dot", "'lit.key' = 2\n", ("lit.key",), (1, 1)),
    ("quoted key with dot", '"a.b" = 2\n', ("a", "b"), None),
    ("quoted key escapes", '"a\\u00e4\\"\\t" = 1\n', ('aä"\t',), (1, 1)),
    ("quoted key long escape", '"\\U0001F600" = 1\n', ("\U0001f600",), (1, 1)),
    ("empty quoted key", '"" = 1\n', ("",), (1, 1)),
    ("quoted in dotted", 'site."google.com" = true\n', ("site", "google.com"), (1, 6)),
    ("quoted header", "[\"a b\".'c.d']\nk = 1\n", ("a b", "c.d", "k"), (2, 1)),
    ("whitespace around dots", "a . b\t.  c = 1\n", ("a", "b", "c"), (1, 10)),
    ("whitespace around dots mid", "a . b\t.  c = 1\n", ("a", "b"), (1, 5)),
    ("columns count code points", '"ä" = "ö"\n"€" = { "ö" = 1 }\n', ("€", "ö"), (2, 9)),
    ("astral columns", '"😀" = { k = 1 }\n', ("😀", "k"), (1, 9)),
    # arrays
    ("multi-line array", "a = [\n  1, # c ]\n  # ]\n  2,\n]\nb = 3\n", ("a", 1), (4, 3)),
    ("multi-line array after", "a = [\n  1, # c ]\n  # ]\n  2,\n]\nb = 3\n", ("b",), (6, 1)),
    ("nested array", "k = [[1,2],[3]]\n", ("k", 0), (1, 6)),
    ("nested array inner", "k = [[1,2],[3]]\n", ("k", 0, 1), (1, 9)),
    ("nested array second", "k = [[1,2],[3]]\n", ("k", 1, 0), (1, 13)),
    ("empty array", "k = []\nj = 1\n", ("k", 0), None),
    ("array of strings with brackets", 'k = ["]", "[", \'}\']\nj = 1\n', ("k", 2), (1, 16)),
    ("array of strings after", 'k = ["]", "[", \'}\']\nj = 1\n', ("j",), (2, 1)),
    (
        "inline tables across lines",
        "y = [\n  { id = 'a', n = { m = 1 } },\n  { id = 'b' },\n]\n",
        ("y", 0, "n", "m"),
        (2, 21),
    ),
    (
        "inline tables across lines 2",
        "y = [\n  { id = 'a', n = { m = 1 } },\n  { id = 'b' },\n]\n",
        ("y", 1, "id"),
        (3, 5),
    ),
    ("ml string element", "a = [\"\"\"x\ny\"\"\", '''z\n''', 1]\n", ("a", 0), (1, 6)),
    ("element after ml string", "a = [\"\"\"x\ny\"\"\", '''z\n''', 1]\n", ("a", 1), (2, 7)),
    ("2nd element after ml string", "a = [\"\"\"x\ny\"\"\", '''z\n''', 1]\n", ("a", 2), (3, 6)),
    ("key after ml string", 'a = """x\ny""" # b = 1\nc = 2\n', ("c",), (3, 1)),
    ("dotted key in inline table", "t = { a.b = 1, c = 2 }\n", ("t", "a", "b"), (1, 9)),
    ("datetime with space", "t = 1979-05-27 07:32:00Z\nu = 2\n", ("u",), (2, 1)),
    ("datetime in array", "t = [1979-05-27 07:32:00Z, 1]\n", ("t", 1), (1, 28)),
    ("scalars", "a = [+inf, -nan, 0x1_0, true, 1e-3]\n", ("a", 4), (1, 31)),
    # line endings, BOM, tabs
    ("crlf", "a = 1\r\n[t]\r\nb = [\r\n 1,\r\n 2\r\n]\r\n", ("t", "b", 1), (5, 2)),
    ("crlf key", "a = 1\r\n[t]\r\nb = 2\r\n", ("t", "b"), (3, 1)),
    ("bom", "\ufeffa = 1\nb = 2\n", ("a",), (1, 1)),
    ("bom header", "\ufeff[t]\n", ("t",), (1, 1)),
    ("tabs", "\t[t]\n\tk\t=\t[\t1 ]\n", ("t", "k", 0), (2, 8)),
    ("no trailing newline", "[t]\nk = 1", ("t", "k"), (2, 1)),
]


@pytest.mark.parametrize(
    ("doc", "path", "expected"),
    [pytest.param(doc, path, expected, id=name) for name, doc, path, expected in CASES],
)
def test_positions(doc: str, path: Path_, expected: tuple[int, int] | None) -> None:
    # The table must only hold valid TOML (tomllib wants the BOM removed, as utf-8-sig does).
    tomllib.loads(doc.removeprefix("\ufeff"))
    located = locate(doc)
    if expected is None:
        assert path not in located
    else:
        assert located.get(path) == expected


def test_brief_example_is_complete() -> None:
    assert set(locate(BRIEF_EXAMPLE)) == set(all_paths(tomllib.loads(BRIEF_EXAMPLE)))


# -- agreement with tomllib -------------------------------------------------------------------

REALISTIC = """\
# Rekisteriseloste — henkilötietojen käsittely
schema_version = 1
name = "Parturi-Kampaamo Esimerkki Oy"   # trading name

[controller]
business_id = "1234567-8"
"display name" = 'Esimerkki'
address = { street = "Kauppakatu 1", postal_code = "00100", city = "Helsinki" }
contact.email = "tietosuoja@example.fi"
contact . phone = "+358 40 123 4567"

[notice]
languages = [
  "fi",   # primary
  "en",   # for tourists
]
intro = \"\"\"
Tämä on tietosuojaseloste.
[fake]
key = 1
Lainaus: \\"\"\" ei pääty tähän.
\"\"\"
footer = '''
C:\\pohjat\\footer # not a comment
[[fake_array]]
'''

[[purposes]]
id = "care"
legal_basis = "contract"
retention = { years = 6, reason = "accounting" }
categories = [ { id = "contact", sensitive = false }, { id = "health", sensitive = true } ]

[purposes.extra]
note = "sub-table of the first purpose"

[[purposes]]
id = "marketing"
legal_basis = "consent"
'quoted.key' = "one key"
tags = [["a", "b"], ["c"], []]

[[purposes.processors]]
name = "Kirjanpito Oy"
countries = ["FI"]

[[purposes.processors]]
name = "Pilvi Inc"
countries = [
  "US",
  "IE",  # trailing comma below
]

[retention.defaults]
years = 5
starts = 1979-05-27 07:32:00Z

[retention]
review = 2024-01-01
"""


def all_paths(value: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every path into a parsed TOML document, containers and leaves alike."""
    items: Any
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, child in items:
        path = (*prefix, key)
        yield path
        yield from all_paths(child, path)


def leaf_paths(value: Any) -> list[Path_]:
    parsed_paths = list(all_paths(value))
    prefixes = {path[:-1] for path in parsed_paths}
    return [path for path in parsed_paths if path not in prefixes]


def test_realistic_document_every_leaf_located() -> None:
    parsed = tomllib.loads(REALISTIC)
    located = locate(REALISTIC)
    lines = REALISTIC.splitlines()
    leaves = leaf_paths(parsed)
    assert len(leaves) > 30
    for path in leaves:
        assert path in located, path
        line, column = located[path]
        assert 1 <= column <= len(lines[line - 1])
        key = path[-1]
        if isinstance(key, str):
            assert key in lines[line - 1], (path, line)


def test_realistic_document_exact_set_and_no_fakes() -> None:
    located = locate(REALISTIC)
    assert set(located) == set(all_paths(tomllib.loads(REALISTIC)))
    assert located[("retention",)] == (58, 1)
    assert located[("retention", "defaults")] == (54, 1)
    assert located[("purposes", 0, "extra")] == (34, 1)
    assert located[("purposes", 1, "tags", 2)] == (41, 28)
    assert located[("purposes", 1, "quoted.key")] == (40, 1)
    assert located[("notice", "footer")] == (23, 1)
    assert located[("purposes", 1, "processors", 1, "countries", 1)] == (51, 3)
    assert located[("controller", "contact", "phone")] == (10, 11)


def test_crlf_and_bom_do_not_change_positions() -> None:
    expected = locate(REALISTIC)
    assert locate(REALISTIC.replace("\n", "\r\n")) == expected
    assert locate("\ufeff" + REALISTIC) == expected


# -- robustness -------------------------------------------------------------------------------

MALFORMED = [
    "",
    "\ufeff",
    "=",
    "[",
    "[[",
    "[a",
    "[[a]",
    "[a.]",
    "a",
    "a.",
    "a =",
    "a = [",
    "a = [1,,2]",
    "a = [1 2]",
    "a = {",
    "a = { b = ",
    "a = { b }",
    'a = "unterminated',
    "a = 'unterminated",
    'a = """unterminated\n[b]\nc = 1\n',
    "a = '''unterminated\n[b]\n",
    '"unterminated = 1',
    '"\\UFFFFFFFF" = 1',
    '"\\uD800" = 1',
    "a = ]]]]}}}}",
    "\x00\x01\xff\ud800\U0010ffff",
    "[[a]]\n[a]\n[[a]]",
    "a = 1\na = 2\n[a]\n",
    "a = [" + "{b = [" * 300,
    "x = " + "{" * 10000,
    "[" + "a." * 5000 + "a]\nk = 1\n",
]


@pytest.mark.parametrize("doc", MALFORMED)
def test_malformed_input_never_raises(doc: str) -> None:
    assert scan_strictly(doc) == locate(doc)


def test_recovery_after_malformed_line() -> None:
    located = locate("a = [1 2]\n[t]\nk = 1\n")
    assert located[("t", "k")] == (3, 1)


def test_broken_header_does_not_misattribute_keys() -> None:
    located = locate("[ok]\nk = 1\n[broken\nk2 = 1\n")
    assert located[("ok", "k")] == (2, 1)
    assert ("ok", "k2") not in located


def test_deep_nesting() -> None:
    for doc in ("a = " + "[" * 100000, "a = " + "[" * 100000 + "]" * 100000, "[" * 100000):
        assert isinstance(locate(doc), dict)
        scan_strictly(doc)
    located = locate("a = " + "[" * 100000 + "\nb = 1\n")
    assert located[("b",)] == (2, 1)


def test_deep_but_parseable_nesting_is_located() -> None:
    depth = 300
    doc = "a = " + "[" * depth + "]" * depth + "\nb = 1\n"
    tomllib.loads(doc)
    located = locate(doc)
    assert located[("a",) + (0,) * (depth - 1)] == (1, 5 + depth - 1)
    assert located[("b",)] == (2, 1)


def test_large_document_is_located_completely() -> None:
    # Speed is measured by benchmarks/bench_tomlpos.py, not asserted here.
    block = """\
[register{i}]
name = "Rekisteri {i}"  # comment [x]
tags = ["a", "b", 'c', {{ id = {i}, nested.key = [1, 2, [3]] }}]
address = {{ street = "Katu {i}", city = "Helsinki" }}
text = \"""
[fake]
key = 1
\"""
[[register{i}.purposes]]
id = "p{i}"
legal_basis = [
  "contract",  # why
  "consent",
]
"""
    doc = "".join(block.format(i=i) for i in range(4000))
    assert len(doc) >= 1_000_000
    expected = set(all_paths(tomllib.loads(doc)))
    assert set(locate(doc)) == expected


# -- property tests ---------------------------------------------------------------------------


def assert_in_bounds(doc: str, located: dict[Path_, tuple[int, int]]) -> None:
    lines = doc.removeprefix("\ufeff").split("\n")
    for line, column in located.values():
        assert 1 <= line <= len(lines)
        assert 1 <= column <= len(lines[line - 1])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    located = scan_strictly(text)
    assert locate(text) == located
    assert_in_bounds(text, located)


# Fragments that make random text often valid TOML, and often almost valid.
TOML_ISH = st.lists(
    st.sampled_from(
        [
            *"[]{}\"'#=.,\n\t \\ab1-_",
            *("a = ", "[a]\n", "[[a]]\n", '"""', "'''", "\r\n", "a.b", " = 1\n", "= ["),
            *("x = {", ", ", "1979-05-27 07:32:00", "1.5", "\ufeff"),
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(TOML_ISH)
def test_toml_like_text(text: str) -> None:
    located = scan_strictly(text)
    assert_in_bounds(text, located)
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    # For valid TOML nothing is missing and nothing is invented.
    assert set(located) == set(all_paths(parsed))


KEYS = st.text(max_size=6) | st.text(alphabet=string.ascii_letters + "-_", min_size=1, max_size=6)
SCALARS = (
    st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=6)


def check_complete(doc: str, parsed: dict[str, Any]) -> None:
    located = locate(doc)
    lines = doc.split("\n")
    for path in all_paths(parsed):
        assert path in located, (path, doc)
        line, column = located[path]
        text = lines[line - 1]
        assert column <= len(text)
        key = path[-1]
        if isinstance(key, str):
            # a bare key, a quoted key or the bracket of a header starts here
            char = text[column - 1]
            assert char in "\"'[" or text[column - 1 :].startswith(key), (path, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.booleans(), st.integers(min_value=1, max_value=8))
def test_tomli_w_documents_fully_located(
    data: dict[str, Any], multiline: bool, indent: int
) -> None:
    doc = tomli_w.dumps(data, multiline_strings=multiline, indent=indent)
    parsed = tomllib.loads(doc)
    check_complete(doc, parsed)
    crlf = doc.replace("\n", "\r\n")
    check_complete(crlf, tomllib.loads(crlf))


# A serializer that, unlike tomli_w, also produces headers, arrays of tables, dotted keys,
# literal and multi-line strings, comments and ragged whitespace, chosen at random.

BARE = re.compile(r"[A-Za-z0-9_-]+")


def escape_basic(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def toml_key(key: str, rnd: random.Random) -> str:
    if BARE.fullmatch(key) and rnd.random() < 0.8:
        return key
    if "'" not in key and not re.search(r"[\x00-\x1f\x7f]", key) and rnd.random() < 0.5:
        return f"'{key}'"
    return f'"{escape_basic(key)}"'


def dotted(keys: list[str], rnd: random.Random) -> str:
    return rnd.choice([".", " . ", "\t.", ". "]).join(toml_key(key, rnd) for key in keys)


def toml_string(text: str, rnd: random.Random) -> str:
    control = re.search(r"[\x00-\x08\x0a-\x1f\x7f]", text)
    choice = rnd.random()
    if choice < 0.25 and "'" not in text and not control:
        return f"'{text}'"
    if choice < 0.5 and "'" not in text and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text):
        return f"'''\n{text}'''"
    if choice < 0.75:
        body = escape_basic(text).replace("\\u000a", "\n")
        return f'"""\n{body}"""'
    return f'"{escape_basic(text)}"'


def toml_value(value: Any, rnd: random.Random, inline: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return {"inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, str):
        return toml_string(value, rnd)
    if isinstance(value, dict):
        items = [f"{dotted([k], rnd)} = {toml_value(v, rnd, True)}" for k, v in value.items()]
        return "{" + rnd.choice([" ", ""]) + ", ".join(items) + rnd.choice([" ", ""]) + "}"
    items = [toml_value(item, rnd, inline) for item in value]
    if inline or rnd.random() < 0.5:
        return "[" + rnd.choice([",", ", ", " ,\t"]).join(items) + "]"
    body = "".join(f"\n  {item}, # ] [x] = 1 {{" for item in items)
    return f"[ # comment{body}\n]"


def emit_pairs(lines: list[str], prefix: list[str], value: Any, rnd: random.Random) -> None:
    if isinstance(value, dict) and value and rnd.random() < 0.4:
        for key, child in value.items():
            emit_pairs(lines, [*prefix, key], child, rnd)
    else:
        lines.append(f"{dotted(prefix, rnd)} = {toml_value(value, rnd, False)}")


def emit_table(
    lines: list[str], table: dict[str, Any], path: list[str], rnd: random.Random
) -> None:
    deferred: list[tuple[str, Any, bool]] = []
    for key, value in table.items():
        is_aot = isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
        if isinstance(value, dict) and rnd.random() < 0.5:
            deferred.append((key, value, False))
        elif is_aot and rnd.random() < 0.7:
            deferred.append((key, value, True))
        else:
            emit_pairs(lines, [key], value, rnd)
    for key, value, is_aot in deferred:
        header = dotted([*path, key], rnd)
        if is_aot:
            for element in value:
                lines.append(f"{rnd.choice(['', ' '])}[[{header}]] # [fake]")
                emit_table(lines, element, [*path, key], rnd)
        else:
            lines.append(f"[{rnd.choice(['', ' '])}{header}]")
            emit_table(lines, value, [*path, key], rnd)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.randoms(use_true_random=False))
def test_generated_documents_fully_located(data: dict[str, Any], rnd: random.Random) -> None:
    lines: list[str] = []
    emit_table(lines, data, [], rnd)
    doc = "\n".join(lines) + "\n"
    parsed = tomllib.loads(doc)
    assert parsed == data
    check_complete(doc, parsed)
    assert locate("\ufeff" + doc.replace("\n", "\r\n")) == locate(doc)
