"""Where the built-in templates and schemas live, installed or in a checkout.

The top-level ``templates/`` and ``schemas/`` folders are copied into the wheel as
``rekisteri/templates`` and ``rekisteri/schemas``; in a checkout (editable install) they are found
beside ``src/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder ``templates`` or ``schemas``, wherever this installation keeps it."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"rekisteri is installed without its {name}/ folder")


@cache
def project_url(label: str) -> str | None:
    """The URL ``[project.urls]`` in pyproject.toml gives under ``label`` ("Documentation",
    "Source", "Issues"), from the installed package's metadata; None while it has none.

    The documents link to the project only where it has said where it is: no URL is made up.
    """
    # importlib.metadata reads the installed distribution only when a link is wanted.
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        entries: list[str] = metadata("rekisteri").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in entries:
        name, _, url = entry.partition(",")
        if name.strip().lower() == label.lower() and url.strip():
            return url.strip().rstrip("/")
    return None


# The generated page of the documentation site that has an anchor for each lint rule.
LINT_RULES_PAGE = "reference/lint-rules.html"


def templates_dir() -> Path:
    return data_dir("templates")


def schemas_dir() -> Path:
    return data_dir("schemas")


def catalog_file(base: Path, lang: str, domain: str = "messages") -> Path:
    """Where the ``domain`` catalog for ``lang`` lives under a template folder."""
    return base / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"


def search_path(templates: Path | None = None) -> list[Path]:
    """Template folders in lookup order: the user's folder first, the built-in one last."""
    folders = [templates] if templates is not None else []
    return [*folders, templates_dir()]


def catalog_files(lang: str, domain: str = "messages", templates: Path | None = None) -> list[Path]:
    """The existing catalogs for ``lang``, the one consulted first first."""
    return [
        f for f in (catalog_file(b, lang, domain) for b in search_path(templates)) if f.is_file()
    ]


@cache
def catalog_domains() -> tuple[str, ...]:
    """The catalog domains rekisteri uses (messages, lint, access, …): those of its English
    catalogs, the source every other language translates."""
    return tuple(sorted(p.stem for p in catalog_file(templates_dir(), "en").parent.glob("*.po")))
