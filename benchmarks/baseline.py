"""What the benchmarks compare with: version 1 of the register model, run from a git revision.

The v1 code is unpacked from git (``git archive``, so the checkout and its .git stay as they are)
into a temporary folder and run with this interpreter's packages, so both sides pay the same
start-up and differ only in rekisteri itself.
"""

from __future__ import annotations

import copy
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
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


Command = tuple[list[str], dict[str, str]]


def command(checkout: Path | None, *args: str) -> Command:
    """The command line and environment running rekisteri from ``checkout`` (None: this one).

    Both sides start the same way (``python -m rekisteri`` from a source folder), so neither
    pays for a launcher the other does not.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str((checkout or ROOT) / "src")
    # The work itself, not an answer replayed (rekisteri.cli.memo), which an older revision
    # compared with would not have: a figure of a remembered answer asks for it.
    env["REKISTERI_NO_CACHE"] = "1"
    return [sys.executable, "-m", "rekisteri", *args], env


def medians(commands: list[Command], runs: int) -> list[float]:
    """The median whole-process time of each command, run in turn.

    The commands take turns, run after run, so that a machine slowing down or speeding up
    during the measurement shifts every command alike and their ratio stays fair. The first
    round warms the caches and is not counted; a command may exit 1 (lint findings).
    """
    times: list[list[float]] = [[] for _ in commands]
    for round_no in range(runs + 1):
        for i, (line, env) in enumerate(commands):
            start = time.perf_counter()
            done = subprocess.run(line, capture_output=True, env=env)
            elapsed = time.perf_counter() - start
            if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
                raise SystemExit(f"{' '.join(line)} failed:\n{done.stderr.decode()}")
            if round_no:
                times[i].append(elapsed)
    return [statistics.median(t) for t in times]


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
