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
