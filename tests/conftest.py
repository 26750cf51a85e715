"""The shared fixtures (from store_fixtures) for every test; one line about skipped tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Generator
from typing import Any

import pytest

# The compiled catalogs a run keeps (rekisteri.documents.i18n) go to a folder of this test run,
# not to the user's own cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="rekisteri-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

# The shared fixtures (registers written inline, the demo store, server databases) serve every
# test; their helpers (MINIMAL, build_sqlite, pg_execute, ...) are imported from store_fixtures
# where needed.
pytest.register_assert_rewrite("store_fixtures")
from store_fixtures import (  # noqa: E402, F401
    demo_path,
    demo_register,
    demo_store_file,
    make_register,
    mysql_database,
    pg_admin_url,
    pg_database,
    register_with_purposes,
    write_register,
)

# --- what a bare `make test` could not run ---------------------------------------------------

# Tests that need a server, a browser or a file a fresh machine lacks skip (and fail with
# CI=true). Their skip reasons name what is missing; each kind is known here by a word of the
# reason, with what it needs, how to provide it, and whether .ci/run provides it.
NEEDS = (
    ("REKISTERI_TEST_PG_URL", "PostgreSQL", "set REKISTERI_TEST_PG_URL", True),
    ("REKISTERI_TEST_MYSQL_URL", "MariaDB", "set REKISTERI_TEST_MYSQL_URL", True),
    ("chromium", "Chromium", "install chromium", True),
    ("voikko", "Voikko", "install libvoikko1 and voikko-fi", True),
    ("qpdf", "qpdf", "install qpdf", True),
    ("sarif-multitool", "the SARIF Multitool", "run npm ci", True),
    ("vnu", "the Nu Html Checker", "run npm ci and install Java", True),
    ("html-validate", "html-validate", "run npm ci", True),
    (
        "REKISTERI_SEED",
        "the seed document",
        "put ../shared beside the checkout or set REKISTERI_SEED",
        False,
    ),
)


def _skip_reason(report: Any) -> str:
    longrepr = getattr(report, "longrepr", None)
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr or "")


def _need(report: Any) -> int | None:
    reason = _skip_reason(report).lower()
    for index, (word, *_rest) in enumerate(NEEDS):
        if word.lower() in reason:
            return index
    return None


def skip_summary(reports: list[Any]) -> str | None:
    """One line for the skips of :data:`NEEDS`: how many, what they need, how to run them."""
    needs = sorted({index for r in reports if (index := _need(r)) is not None})
    if not needs:
        return None
    count = len([r for r in reports if _need(r) is not None])
    whats = [NEEDS[i][1] for i in needs]
    what = whats[0] if len(whats) == 1 else ", ".join(whats[:-1]) + " or " + whats[-1]
    by_ci = [NEEDS[i][2] for i in needs if NEEDS[i][3]]
    steps = [f"run `bash .ci/run` (or {' / '.join(by_ci)})"] if by_ci else []
    steps += [NEEDS[i][2] for i in needs if not NEEDS[i][3]]
    tests = "test that needs" if count == 1 else "tests that need"
    return f"skipped {count} {tests} {what}: {' and '.join(steps)} to run them"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: Any) -> Generator[None]:
    # Outermost, so that pytest's own short summary (-ra) runs inside: the skips folded into
    # the one line are taken out of its list while it prints, and put back for the counts.
    stats = terminalreporter.stats
    skipped = list(stats.get("skipped", []))
    folded = [r for r in skipped if _need(r) is not None]
    if folded:
        stats["skipped"] = [r for r in skipped if _need(r) is None]
    try:
        return (yield)
    finally:
        if folded:
            stats["skipped"] = skipped
            line = skip_summary(folded)
            if line:
                terminalreporter.write_line(line, yellow=True)
