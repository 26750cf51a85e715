"""`rekisteri serve` run as the owner runs it, for the tests that drive the app in a browser: a
server process on a register, its printed start address (with the token), stopped with Ctrl+C."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class App:
    origin: str
    start: str
    """The address ``serve`` printed, with its token."""


@contextmanager
def served(register: Path, *extra: str) -> Iterator[App]:
    """The app of ``register`` in a server of its own while the ``with`` block runs."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("REKISTERI_STORE_URL", None)  # the example's own store, not a developer's
    errors = register.parent / "server.err"
    with errors.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "rekisteri", "serve", str(register), "--no-browser",
             "--lang", "en", *extra],
            stdout=subprocess.PIPE, stderr=stderr, text=True, env=env,
        )  # fmt: skip
    try:
        assert server.stdout is not None
        # A server that never starts is a failure with its errors, not a test run that hangs.
        ready, _, _ = select.select([server.stdout], [], [], 30)
        line = server.stdout.readline() if ready else ""
        assert line.startswith("The register's app is at http://127.0.0.1:"), (
            line + errors.read_text()
        )
        start = line.split(" at ", 1)[1].split(" ", 1)[0]
        yield App(origin=start.partition("/?token=")[0], start=start)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
