"""What the benchmarks compare with: version 1 of the register model, run from a git revision.

The v1 code is unpacked from git (``git archive``, so the checkout and its .git stay as they are)
into a temporary folder and run with this interpreter's packages, so both sides pay the same
start-up and differ only in rekisteri itself.
"""

from __future__ import annotations

import copy
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
# The last commit of register model version 1 (before issue 11).
V1_REVISION = "965f1dc"


@contextmanager
def v1_checkout(revision: str = V1_REVISION) -> Iterator[Path]:
    """A folder holding src/, templates/, schemas/ and examples/ as they were at ``revision``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src", "templates", "schemas", "examples"],
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="rekisteri-v1-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        yield Path(folder)


def command(checkout: Path | None, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment running rekisteri from ``checkout`` (None: this one)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if checkout is None:
        return [str(Path(sys.executable).parent / "rekisteri"), *args], env
    env["PYTHONPATH"] = str(checkout / "src")
    return [sys.executable, "-m", "rekisteri", *args], env


def scaled(register: Path, factor: int, out: Path) -> Path:
    """The register with every list of purposes, categories, sources, retention rules,
    recipients and processors ``factor`` times as long, references renamed along."""
    data: dict[str, Any] = tomllib.loads(register.read_text(encoding="utf-8"))
    data.pop("store", None)
    lists = ("purposes", "data_categories", "sources", "retention", "recipients", "processors")
    original = {name: data.get(name) for name in lists if isinstance(data.get(name), list)}
    for name, items in original.items():
        grown = []
        for copy_no in range(factor):
            for item in items:
                item = copy.deepcopy(item)
                item["id"] = _renamed(item["id"], copy_no)
                grown.append(item)
        data[name] = grown
    for category in data["data_categories"]:
        copy_no = int(category["id"].rsplit("-x", 1)[1]) if "-x" in category["id"] else 0
        for key in ("purposes", "sources"):
            category[key] = [_renamed(v, copy_no) for v in category.get(key, [])]
        if isinstance(category.get("retention"), str):
            category["retention"] = _renamed(category["retention"], copy_no)
    for name in ("recipients", "processors"):
        for item in data.get(name) or []:
            if isinstance(item, dict):
                copy_no = int(item["id"].rsplit("-x", 1)[1]) if "-x" in item["id"] else 0
                item["data_categories"] = [
                    _renamed(v, copy_no) for v in item.get("data_categories", [])
                ]
    out.write_text(tomli_w.dumps(data), encoding="utf-8")
    return out


def _renamed(identifier: str, copy_no: int) -> str:
    return identifier if copy_no == 0 else f"{identifier}-x{copy_no}"
