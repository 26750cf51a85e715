"""The documentation site (issue 16): its generated pages are what the model and the CLI say
today, and MkDocs builds it with --strict (no broken link, no missing anchor, no page left out
of the navigation), fetching nothing from the network."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import typer

from rekisteri.cli import app
from rekisteri.register.schema import register_json_schema

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _generator() -> ModuleType:
    path = ROOT / "tools" / "docs_reference.py"
    spec = importlib.util.spec_from_file_location("docs_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _generator()


@pytest.mark.parametrize("page", sorted(generator.PAGES))
def test_the_generated_reference_page_is_up_to_date(page: str) -> None:
    committed = (ROOT / "docs" / "reference" / page).read_text(encoding="utf-8")
    assert committed == generator.PAGES[page](), f"docs/reference/{page} is stale: run make docs"


def test_the_field_reference_has_every_table_field_and_value() -> None:
    schema = register_json_schema()
    page = generator.field_reference()
    for name, definition in schema["$defs"].items():
        assert f"{{#{name.lower()}}}" in page, name
        for key in definition.get("properties", {}):
            assert f"| `{key}` |" in page, (name, key)
        for value, meaning in zip(
            definition.get("enum", []),
            definition.get("x-taplo", {}).get("docs", {}).get("enumValues", []),
            strict=True,
        ):
            assert f"`{json.dumps(value)}`" in page and meaning in page, (name, value)
    for key in schema["properties"]:
        assert f"| `{key}` |" in page, key
    # A value from an example, as it is written in the file.
    assert '`legal_basis = "contract"`' in page


def _commands() -> list[str]:
    found, todo = [], [([], typer.main.get_command(app))]
    while todo:
        argv, command = todo.pop()
        found.append(" ".join(["rekisteri", *argv]))
        todo += [([*argv, n], c) for n, c in (getattr(command, "commands", None) or {}).items()]
    return found


def test_the_cli_reference_has_every_command_and_option() -> None:
    page = generator.cli_reference()
    for name in _commands():
        assert f"`{name}`" in page, name
    assert "--install-completion" in page and "-q, --quiet" in page
    # Each help text as the command prints it at the reference's width, never cut ("..."
    # ends only a usage line's repeated arguments).
    for line in page.splitlines():
        assert not line.endswith("...") or line.startswith("Usage:"), line


def test_the_site_builds_strictly_and_loads_nothing_from_the_network(tmp_path: Path) -> None:
    site = tmp_path / "site"
    built = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    for expected in (
        "index.html",
        "getting-started.html",
        "how-to/map-your-store.html",
        "how-to/publish.html",
        "how-to/answer-a-request.html",
        "how-to/keep-versions.html",
        "how-to/editors.html",
        "reference/fields.html",
        "reference/cli.html",
        "legal.html",
    ):
        assert expected in pages, pages
    fetched = re.compile(r"<(?:script|link|img)[^>]*(?:src|href)=\"(?:https?:)?//", re.I)
    for page in site.rglob("*.html"):
        found = fetched.search(page.read_text(encoding="utf-8"))
        assert found is None, f"{page.relative_to(site)} loads {found.group(0) if found else ''}"


# --- the examples the pages show ----------------------------------------------------------


def _access_examples(page: Path) -> list[tuple[str, int]]:
    """The command lines of a page's section on access requests, joined where they go on with
    a backslash, each with the exit code its comment promises (0 unless it opens "exit N")."""
    text = page.read_text(encoding="utf-8")
    section = text[text.index("## Answering an access request") :]
    section = section[: section.index("A read-only database role")]
    lines: list[tuple[str, int]] = []
    pending = ""
    for raw in section.splitlines():
        stripped = raw.strip()
        if not raw.startswith("    ") or not (pending or stripped.startswith("rekisteri ")):
            continue
        command, _, comment = stripped.partition("  #")
        # "# exit 3 lists the matches" promises 3; "# drift: exit 1 when ..." only names a case.
        promised = re.match(r"\s*exit (\d)", comment)
        pending += " " + command.rstrip(" \\")
        if not command.rstrip().endswith("\\"):
            lines.append((pending.strip(), int(promised[1]) if promised else 0))
            pending = ""
    return lines


@pytest.fixture(scope="module")
def example_with_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from store_fixtures import STORE_SQL, build_sqlite

    folder = tmp_path_factory.mktemp("example") / "terhi-kallio"
    folder.mkdir()
    (folder / "register.toml").write_bytes((STORE_SQL.parent / "register.toml").read_bytes())
    build_sqlite(folder / "asiakkaat.sqlite", STORE_SQL.read_text(encoding="utf-8"))
    return folder


def _only_the_first_clients(store: Path, keep: int = 3) -> None:
    """The store with its first clients and their rows alone: a bundle for every client then
    takes seconds, not a minute, and the line still runs as the page shows it."""
    import sqlite3

    with sqlite3.connect(store) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
            if "client_id" in columns:
                db.execute(f'DELETE FROM "{table}" WHERE client_id > ?', (keep,))
        db.execute("DELETE FROM clients WHERE id > ?", (keep,))


PAGES_WITH_ACCESS_EXAMPLES = ("README.md", "docs/how-to/answer-a-request.md")


def test_the_access_examples_do_what_the_page_says(
    example_with_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line of the section, run as it stands in the example's folder (a copy of its own),
    ends with the exit code the page gives it: a reader who copies one gets what it promises.
    A line both pages show is run once."""
    import shlex
    import shutil

    from typer.testing import CliRunner

    examples: dict[tuple[str, int], list[str]] = {}
    for page in PAGES_WITH_ACCESS_EXAMPLES:
        found = _access_examples(ROOT / page)
        assert len(found) >= 8, (page, found)
        assert any(code == 3 for _, code in found), page
        for example in found:
            examples.setdefault(example, []).append(page)
    # The passphrase comes from the environment, as the pages say it may.
    monkeypatch.setenv("REKISTERI_PASSPHRASE", "correct horse battery staple")
    for number, ((line, code), pages) in enumerate(examples.items()):
        folder = tmp_path / str(number)
        shutil.copytree(example_with_store, folder)
        monkeypatch.chdir(folder)
        argv = shlex.split(line)
        assert argv[0] == "rekisteri"
        if "--all" in argv:
            _only_the_first_clients(folder / "asiakkaat.sqlite")
        result = CliRunner().invoke(app, argv[1:])
        assert result.exit_code == code, f"{', '.join(pages)}: {line}\n{result.output}"
        assert "Traceback" not in result.output
        if "--all" in argv:
            out = folder / argv[argv.index("-o") + 1]
            # One bundle (a folder, or a zip) for each client, named by the client's key.
            assert sorted(b.name.removesuffix(".zip") for b in out.glob("[0-9]*")) == [
                "1",
                "2",
                "3",
            ]
