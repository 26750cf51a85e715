"""A register is read once: every later message about a key takes its line from the load.

The file may be edited, moved or deleted between ``load_register`` and a message about it (a
notice is rendered, a store is opened, a record is built): the lines must still be those of the
text that was validated, and nothing may open the file again to find them.
"""

from __future__ import annotations

import builtins
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rekisteri.errors import RekisteriError
from rekisteri.register.loading import load_register, located_error, register_warnings
from rekisteri.register.model import Register

REGISTER = textwrap.dedent(
    """\
    schema_version = 2
    name = { fi = "Asiakasrekisteri", en = "Client register" }

    [notice]
    languages = ["fi", "en"]
    default_language = "fi"
    logo = "https://example.fi/logo.png"

    [controller]
    name = "Tmi Testi"
    business_id = "2464491-9"
    email = "info@example.fi"

    [[data_subjects]]
    id = "clients"
    name = { fi = "Asiakkaat", en = "Clients" }

    [[purposes]]
    id = "care"
    name = { fi = "Asiakkaiden hoito", en = "Client care" }
    legal_basis = "contract"

    [[data_categories]]
    id = "contact"
    name = { fi = "Yhteystiedot", en = "Contact details" }
    subjects = ["clients"]
    purposes = ["care"]

    [[data_categories]]
    id = "notes"
    name = { fi = "Muistiinpanot", en = "Notes" }
    subjects = ["clients"]
    purposes = ["care"]

    [store]
    url = "oracle://host/clients"

    [store.subject]
    table = "people"
    email = "email"

    [[store.sources]]
    category = "contact"
    table = "people"
    columns = ["email"]
    """
)


def line_of(text: str, line: str) -> int:
    """1-based number of the one line of ``text`` that reads ``line``."""
    lines = text.splitlines()
    assert lines.count(line) == 1, line
    return lines.index(line) + 1


def forbid_reading(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """Make every way of reading ``paths`` fail the test."""
    banned = {path.resolve() for path in paths}

    def check(file: object) -> None:
        if isinstance(file, str | Path) and Path(file).resolve() in banned:
            raise AssertionError(f"{file} was read again after it was loaded")

    def guard(original: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(self: Path, *args: Any, **kwargs: Any) -> Any:
            check(self)
            return original(self, *args, **kwargs)

        return guarded

    for name in ("open", "read_text", "read_bytes"):
        monkeypatch.setattr(Path, name, guard(getattr(Path, name)))
    original_open = builtins.open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        check(file)
        return original_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Register, Path]:
    """The register loaded, then its file rewritten with every line moved down, and unreadable.

    A message that re-read the file would fail, or point five lines too low.
    """
    path = tmp_path / "register.toml"
    path.write_text(REGISTER, encoding="utf-8")
    register = load_register(path)
    path.write_text("\n" * 5 + REGISTER, encoding="utf-8")
    forbid_reading(monkeypatch, path)
    monkeypatch.delenv("REKISTERI_STORE_URL", raising=False)
    return register, path


def test_the_loaded_register_carries_its_file_and_the_position_of_every_key(
    loaded: tuple[Register, Path],
) -> None:
    register, path = loaded
    with pytest.raises(AssertionError, match="read again"):
        path.read_bytes()  # the guard the other tests rely on
    assert register.source_path == path and register.source_name == str(path)
    assert register.source_map is not None
    assert register.position_of(("store", "url")) == (
        line_of(REGISTER, 'url = "oracle://host/clients"'),
        1,
    )
    # A key that is not written points at the table it belongs in.
    assert register.position_of(("store", "subject", "phone")) == (
        line_of(REGISTER, "[store.subject]"),
        1,
    )


def test_lint_findings_keep_the_lines_of_the_loaded_text(
    loaded: tuple[Register, Path], tmp_path: Path
) -> None:
    from rekisteri.lint.engine import lint_register

    register, _ = loaded
    # The same text loaded from an untouched copy: where the findings must point.
    copy = tmp_path / "copy" / "register.toml"
    copy.parent.mkdir()
    copy.write_text(REGISTER, encoding="utf-8")
    expected = lint_register(load_register(copy)).findings

    def where(findings: list[Any]) -> list[tuple[str, str, int | None, int | None]]:
        return [(f.rule, f.path, f.line, f.column) for f in findings]

    assert where(lint_register(register).findings) == where(expected)
    assert any(f.line is not None and f.line > 1 for f in expected), "findings need lines"


def test_a_loading_warning_keeps_its_line(loaded: tuple[Register, Path]) -> None:
    register, path = loaded
    (warning,) = register_warnings(register)
    assert (warning.file, warning.path) == (str(path), "data_categories[1].id")
    assert (warning.line, warning.column) == (line_of(REGISTER, 'id = "notes"'), 1)
    assert warning.severity == "warning"


def test_a_store_mapping_error_keeps_its_line(loaded: tuple[Register, Path]) -> None:
    from rekisteri.access.store import locate_store

    register, path = loaded
    with pytest.raises(RekisteriError) as caught:
        locate_store(register)
    (problem,) = caught.value.diagnostics
    assert "'oracle' stores are not supported" in problem.message
    assert (problem.file, problem.path) == (str(path), "store.url")
    assert problem.line == line_of(REGISTER, 'url = "oracle://host/clients"')


def test_a_logo_refusal_keeps_its_line(loaded: tuple[Register, Path]) -> None:
    from rekisteri.notice.render import render_html

    register, path = loaded
    with pytest.raises(RekisteriError) as caught:
        render_html(register, "fi")
    (problem,) = caught.value.diagnostics
    assert "is a URL" in problem.message
    assert (problem.file, problem.path) == (str(path), "notice.logo")
    assert problem.line == line_of(REGISTER, 'logo = "https://example.fi/logo.png"')


def test_a_record_refusal_keeps_the_line_of_the_other_controller(
    loaded: tuple[Register, Path], tmp_path: Path
) -> None:
    from rekisteri.record.record import build_record

    register, _ = loaded
    other_path = tmp_path / "other.toml"
    other_text = REGISTER.replace("Tmi Testi", "Oy Muu Ab").replace(
        'business_id = "2464491-9"\n', ""
    )
    other_path.write_text(other_text, encoding="utf-8")
    other = load_register(other_path)
    other_path.unlink()
    with pytest.raises(RekisteriError) as caught:
        build_record([register, other])
    (problem,) = caught.value.diagnostics
    assert (problem.file, problem.path) == (str(other_path), "controller.name")
    assert problem.line == line_of(other_text, 'name = "Oy Muu Ab"')


def test_a_register_built_in_memory_has_no_lines() -> None:
    import tomllib

    register = Register.model_validate(tomllib.loads(REGISTER))
    assert register.source_map is None and register.source_name == "<register>"
    assert register.position_of(("store", "url")) == (None, None)
    error = located_error(register, ("notice", "logo"), "refused")
    (problem,) = error.diagnostics
    assert (problem.file, problem.line, problem.column) == ("<register>", None, None)


def test_text_parsed_under_a_name_still_has_no_lines() -> None:
    # parse_register(text, "name") is an editor buffer: as before, no file and no lines.
    from rekisteri.register.loading import parse_register

    register = parse_register(REGISTER, "buffer.toml")
    assert register.source_path is None and register.source_map is None
    assert all(w.line is None for w in register_warnings(register))


def test_the_store_mapping_schema_imports_neither_the_model_nor_the_checks() -> None:
    # The circle checks → model → store_mapping → checks is gone: the mapping's schema is a
    # leaf below the model, and the whole-register checks of [store] live in checks.
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("rekisteri")
    modules = sorted(m for m in graph.modules if m.startswith("rekisteri.register."))
    circles = [
        (a, b)
        for a in modules
        for b in modules
        if a < b and graph.chain_exists(a, b) and graph.chain_exists(b, a)
    ]
    assert circles == []
    imported = graph.find_modules_directly_imported_by("rekisteri.register.store_mapping")
    assert {m for m in imported if m.startswith("rekisteri.")} <= {
        "rekisteri.register.base",
        "rekisteri.register.currencies",  # a list of codes, importing nothing
        "rekisteri.register.iso",  # ISO 8601 periods, the standard library only
        "rekisteri.errors",
    }
    assert not graph.find_modules_directly_imported_by("rekisteri.register.currencies")
