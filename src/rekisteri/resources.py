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


def templates_dir() -> Path:
    return data_dir("templates")


def schemas_dir() -> Path:
    return data_dir("schemas")
