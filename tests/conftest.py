"""Shared fixtures: registers written inline into tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write_register(tmp_path: Path) -> Callable[[str], Path]:
    """Write a dedented register text to ``tmp_path / "register.toml"`` and return the path."""

    def write(text: str, name: str = "register.toml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
