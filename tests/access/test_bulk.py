"""`access --all`: one bundle per person, resumed only within one run, in a folder it may share.

A bulk run keeps a record (``.rekisteri-run.json``) of the register's hash, a fingerprint of the
store and the bundles it has written. A later run resumes only when both are unchanged, and only
the bundles listed in the record count as done.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rekisteri.access import bundle
from rekisteri.access.bundle import RUN_RECORD, BundleOptions, write_all_bundles
from rekisteri.cli import app
from rekisteri.errors import RekisteriError
from rekisteri.register.loading import load_register
from store_fixtures import (
    PEOPLE_MAPPING,
    RELEASE_CLI,
    RELEASED,
    STORE_SQL,
    build_sqlite,
    mysql_execute,
    pg_execute,
)

DEMO_KEYS = list(range(1, 21))


def _all(
    register_path: Path,
    out: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 200,
    **given: Any,
) -> bundle.BulkResult:
    given.setdefault("formats", ["json", "csv"])
    given.setdefault("decisions", RELEASED)
    options = BundleOptions(**given)
    return write_all_bundles(
        load_register(register_path), out, options, progress=progress, batch=batch
    )


def test_progress_is_reported_to_the_callers_callback(demo_path: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    _all(
        demo_path,
        tmp_path / "all",
        batch=7,
        progress=lambda done, total: calls.append((done, total)),
    )
    # Before the first batch, then after each of 7, 7 and 6 subjects: the bar never runs back.
    assert calls == [(0, 20), (7, 20), (14, 20), (20, 20)]


def _record(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / RUN_RECORD).read_text(encoding="utf-8")))


def _snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry under ``folder`` with its mode, size and modification time."""
    found = {}
    for path in [folder, *folder.rglob("*")]:
        info = path.lstat()
        found[str(path.relative_to(folder))] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


class Killed(BaseException):
    """Stands in for a kill: not an Exception, so nothing on the way may swallow it."""


@pytest.fixture(autouse=True)
def _small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    # Claim as many bundles at a time as a batch holds, so a small store shows every stage.
    monkeypatch.setattr(bundle, "RUN_WINDOW", 1)


WRITE_FILES = bundle._write_files


def _revive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "_write_files", WRITE_FILES)


def _kill_after(monkeypatch: pytest.MonkeyPatch, bundles: int) -> None:
    """The run is killed as it begins to write the bundle after ``bundles`` written."""
    calls = {"n": 0}

    def write(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] > bundles:
            raise Killed
        WRITE_FILES(*args, **kwargs)

    monkeypatch.setattr(bundle, "_write_files", write)


# --- the run record ------------------------------------------------------------------------


def test_a_run_keeps_a_private_record_and_a_rerun_skips_what_it_wrote(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all"
    first = _all(demo_path, out)
    assert (first.written, first.skipped) == (20, 0)
    assert sorted(int(p.name) for p in out.iterdir() if p.name != RUN_RECORD) == DEMO_KEYS
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    record_file = out / RUN_RECORD
    assert stat.S_IMODE(record_file.stat().st_mode) == 0o600
    record = _record(out)
    expected = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    assert record["register_sha256"] == expected
    assert record["store"]["dialect"] == "sqlite"
    assert record["store"]["rows"]["clients"] == 20
    assert sorted(record["complete"], key=int) == [str(k) for k in DEMO_KEYS]
    assert record["pending"] == []
    second = _all(demo_path, out)
    assert (second.written, second.skipped) == (0, 20)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_killed_run_resumes_and_removes_only_its_own_leftovers(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "all"
    out.mkdir()
    # Someone's folder that happens to look like the temporary folder of a bundle of the run.
    look_alike = out / ".9.zz99zz99.tmp"
    look_alike.mkdir()
    (look_alike / "keep.txt").write_text("someone's", encoding="utf-8")
    _kill_after(monkeypatch, 7)
    with pytest.raises(Killed):
        _all(demo_path, out, batch=5)
    _revive(monkeypatch)
    record = _record(out)
    assert record["complete"] == ["1", "2", "3", "4", "5"]
    assert record["pending"] == ["6", "7", "8", "9", "10"]
    # A kill -9 would also leave the temporary folder of the bundle being written; and a
    # foreign folder that only looks like one sits beside it.
    ours = out / ".8.k2j4h6g8.tmp"
    ours.mkdir(mode=0o700)
    (ours / "data.json").write_text("{}", encoding="utf-8")
    foreign = out / ".notes.abcd1234.tmp"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("someone's", encoding="utf-8")
    # After a power cut a listed bundle may have lost its data: checked and rebuilt.
    broken = out / "3" / "data.json"
    broken.chmod(0o600)
    broken.write_bytes(b"")
    resumed = _all(demo_path, out, batch=5)
    assert (resumed.written, resumed.skipped) == (16, 4)
    assert not ours.exists()
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "someone's"
    assert (look_alike / "keep.txt").read_text(encoding="utf-8") == "someone's"
    assert json.loads(broken.read_text(encoding="utf-8"))["subject"]["key"] == 3
    for key in DEMO_KEYS:
        data = json.loads((out / str(key) / "data.json").read_text(encoding="utf-8"))
        assert data["subject"]["key"] == key
    assert sorted(_record(out)["complete"], key=int) == [str(k) for k in DEMO_KEYS]


def test_a_claim_may_span_batches(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "RUN_WINDOW", 7)
    out = tmp_path / "all"
    _kill_after(monkeypatch, 12)
    with pytest.raises(Killed):
        _all(demo_path, out, batch=5)
    _revive(monkeypatch)
    record = _record(out)
    assert record["complete"] == [str(k) for k in range(1, 11)]
    assert record["pending"] == [str(k) for k in range(11, 18)]
    resumed = _all(demo_path, out, batch=5)
    assert (resumed.written, resumed.skipped) == (10, 10)
    for key in DEMO_KEYS:
        data = json.loads((out / str(key) / "data.json").read_text(encoding="utf-8"))
        assert data["subject"]["key"] == key
    assert _record(out)["pending"] == []


def test_a_changed_register_is_refused_and_the_folder_left_alone(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all"
    _all(demo_path, out)
    before = _snapshot(out)
    demo_path.write_text(demo_path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        _all(demo_path, out)
    message = str(caught.value)
    assert "register" in message and "changed" in message
    assert "empty the folder or choose another" in message
    assert _snapshot(out) == before


def test_a_changed_store_is_refused_and_the_folder_left_alone(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "all"
    _kill_after(monkeypatch, 3)
    with pytest.raises(Killed):
        _all(demo_path, out, batch=2)
    _revive(monkeypatch)
    before = _snapshot(out)
    connection = sqlite3.connect(demo_path.parent / "asiakkaat.sqlite")
    connection.execute("UPDATE clients SET city = 'Riihimäki' WHERE id = 15")
    connection.commit()
    connection.close()
    with pytest.raises(RekisteriError) as caught:
        _all(demo_path, out, batch=2)
    message = str(caught.value)
    assert "store" in message and "changed" in message
    assert "asiakkaat.sqlite" in message
    assert "empty the folder or choose another" in message
    assert _snapshot(out) == before


def test_a_store_with_another_person_is_refused(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "all"
    _all(demo_path, out, formats=["json"])
    before = _snapshot(out)
    # Same size and time stamp as before is not enough when rows come and go: the counts and
    # the keys are part of the fingerprint too.
    database = demo_path.parent / "asiakkaat.sqlite"
    info = database.stat()
    connection = sqlite3.connect(database)
    connection.execute("DELETE FROM clients WHERE id = 20")
    connection.commit()
    connection.close()
    os.utime(database, ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(RekisteriError, match="changed"):
        _all(demo_path, out, formats=["json"])
    assert _snapshot(out) == before


@pytest.mark.parametrize("backend", ["postgresql", "mariadb"])
def test_on_a_server_a_run_resumes_and_a_changed_store_is_refused(
    demo_path: Path,
    tmp_path: Path,
    backend: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = request.getfixturevalue("pg_database" if backend == "postgresql" else "mysql_database")
    execute = pg_execute if backend == "postgresql" else mysql_execute
    execute(url, STORE_SQL.read_text(encoding="utf-8"))
    monkeypatch.setenv("REKISTERI_STORE_URL", url)
    out = tmp_path / "all"
    assert _all(demo_path, out, formats=["json"]).written == 20
    store = _record(out)["store"]
    assert store["dialect"] in ("postgresql", "mysql", "mariadb")
    assert "file" not in store and store["rows"]["appointments"] == 64
    assert _all(demo_path, out, formats=["json"]).skipped == 20
    before = _snapshot(out)
    execute(url, "DELETE FROM feedback WHERE client_id = 3;\n")
    with pytest.raises(RekisteriError, match="table 'feedback' had 11 rows, now"):
        _all(demo_path, out, formats=["json"])
    assert _snapshot(out) == before


def test_other_bundle_settings_are_refused(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "all"
    _all(demo_path, out, formats=["json"])
    before = _snapshot(out)
    with pytest.raises(RekisteriError, match=r"json.*csv|csv.*json"):
        _all(demo_path, out, formats=["json", "csv"])
    with pytest.raises(RekisteriError, match="zip"):
        _all(demo_path, out, formats=["json"], zip=True)
    with pytest.raises(RekisteriError, match=r"answered request access-.*, not R-2"):
        _all(demo_path, out, formats=["json"], reference="R-2")
    assert _snapshot(out) == before


def test_a_folder_with_bundles_but_no_record_is_never_resumed(
    demo_path: Path, tmp_path: Path
) -> None:
    earlier = tmp_path / "earlier"
    _all(demo_path, earlier, formats=["json"])
    out = tmp_path / "all"
    out.mkdir()
    # Complete bundles, checksums and all, but not written by a run recorded here.
    os.rename(earlier / "4", out / "4")
    before = _snapshot(out)
    with pytest.raises(RekisteriError) as caught:
        _all(demo_path, out, formats=["json"])
    message = str(caught.value)
    assert f"{out / '4'}" in message and "not written by this run" in message
    assert _snapshot(out) == before


def test_a_file_that_appears_during_the_run_is_not_written_over(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "all"

    def write(options: Any, target: Path, files: dict[str, bytes]) -> None:
        if target.name == "10":
            (out / "15").write_text("someone's", encoding="utf-8")
        WRITE_FILES(options, target, files)

    monkeypatch.setattr(bundle, "_write_files", write)
    with pytest.raises(RekisteriError, match="appeared during the run"):
        _all(demo_path, out, batch=5)
    assert (out / "15").read_text(encoding="utf-8") == "someone's"


def test_an_unreadable_record_is_refused(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "all"
    out.mkdir()
    (out / RUN_RECORD).write_text("{not json", encoding="utf-8")
    with pytest.raises(RekisteriError, match="run record"):
        _all(demo_path, out)
    assert sorted(p.name for p in out.iterdir()) == [RUN_RECORD]


def test_two_runs_never_write_into_one_folder_at_once(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "all"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(RekisteriError, match="another run"):
            _all(demo_path, out)
    finally:
        os.close(fd)
    assert list(out.iterdir()) == []


# --- a folder shared with other files ------------------------------------------------------


def test_a_shared_folder_keeps_its_files_and_its_mode(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "shared"
    out.mkdir()
    out.chmod(0o750)
    (out / "notes.txt").write_text("the owner's notes", encoding="utf-8")
    (out / "photos").mkdir()
    (out / "photos" / "a.jpg").write_bytes(b"\xff\xd8")
    leftover_look = out / ".7.abcd1234.tmp"
    leftover_look.mkdir()
    (leftover_look / "data.json").write_text("{}", encoding="utf-8")
    theirs = _snapshot(out)
    result = _all(demo_path, out, formats=["json"])
    assert result.written == 20
    after = _snapshot(out)
    for name, entry in theirs.items():
        if name == ".":
            # The folder's mode stays; its time stamp moves because bundles were added.
            assert after[name][0] == entry[0]
            continue
        assert after[name] == entry, name
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert any("readable by others" in w for w in result.warnings)
    # Run again: the foreign leftover-looking folder is still not ours to remove.
    _all(demo_path, out, formats=["json"])
    assert (leftover_look / "data.json").exists()


def test_a_new_folder_is_private(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "all"
    result = _all(demo_path, out, formats=["json"])
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert not any("readable by others" in w for w in result.warnings)


def test_bulk_zips(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "zips"
    result = _all(demo_path, out, formats=["json"], zip=True)
    assert result.written == 20
    names = sorted(p.name for p in out.iterdir())
    assert names[:3] == [RUN_RECORD, "1.zip", "10.zip"]
    again = _all(demo_path, out, formats=["json"], zip=True)
    assert (again.written, again.skipped) == (0, 20)


# --- keys that cannot name one person -------------------------------------------------------

KEYED_STORE = PEOPLE_MAPPING


def _cli(*args: object, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The command in its own process: a loop shows as a timeout, not a hung test run."""
    rekisteri = Path(sys.executable).parent / "rekisteri"
    return subprocess.run(
        [str(rekisteri), *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={k: v for k, v in os.environ.items() if k != "REKISTERI_STORE_URL"},
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # More NULL keys than one batch holds: keyset pagination (key > last) never moves on.
        (
            [(None, f"nobody{i}@example.com") for i in range(250)]
            + [(1, "a@example.com"), (2, "b@example.com")],
            ["NULL", "250 rows"],
        ),
        # A key twice: one bundle would hold two people's data.
        (
            [(1, "a@example.com"), (2, "b@example.com"), (2, "c@example.com")],
            ["not unique", "2 rows"],
        ),
    ],
    ids=["null-keys", "duplicate-key"],
)
def test_keys_that_do_not_name_one_person_stop_the_run_before_any_bundle(
    make_register: Callable[[str], Path],
    tmp_path: Path,
    rows: list[tuple[int | None, str]],
    expected: list[str],
) -> None:
    path = make_register(KEYED_STORE)
    values = ",\n".join(f"({'NULL' if key is None else key}, '{email}')" for key, email in rows)
    build_sqlite(
        path.parent / "store.sqlite",
        textwrap.dedent(
            f"""
            CREATE TABLE people (id INTEGER, email TEXT);
            INSERT INTO people VALUES {values};
            """
        ),
    )
    out = tmp_path / "out" / "all"
    done = _cli("access", path, "--all", "-o", out, "--format", "json")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for part in ["people", "id", *expected]:
        assert part in done.stderr, (part, done.stderr)
    assert not (tmp_path / "out").exists()


# --- one passphrase per bundle -------------------------------------------------------------


def _passphrases(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["bundle"]: row["passphrase"] for row in csv.DictReader(handle)}


def test_encrypted_bundles_each_have_their_own_passphrase_in_one_private_file(
    demo_path: Path, tmp_path: Path
) -> None:
    import pyzipper

    out = tmp_path / "all"
    result = _all(demo_path, out, formats=["json"], zip=True, encrypt=True)
    listing = tmp_path / "all-passphrases.csv"
    assert result.passphrases == listing
    assert stat.S_IMODE(listing.stat().st_mode) == 0o600
    assert not list(out.glob("*passphrase*"))
    phrases = _passphrases(listing)
    assert sorted(phrases) == sorted(f"{k}.zip" for k in DEMO_KEYS)
    assert len(set(phrases.values())) == 20
    assert all(len(p) >= 20 and p[0].isalnum() for p in phrases.values())

    def opens(bundle_name: str, phrase: str) -> bool:
        with pyzipper.AESZipFile(out / bundle_name) as archive:
            archive.setpassword(phrase.encode())
            try:
                archive.read(f"{bundle_name[:-4]}/data.json")
            except RuntimeError:
                return False
            return True

    assert opens("1.zip", phrases["1.zip"]) and opens("2.zip", phrases["2.zip"])
    assert not opens("1.zip", phrases["2.zip"])
    assert not opens("2.zip", phrases["1.zip"])
    with pyzipper.AESZipFile(out / "2.zip") as archive:
        archive.setpassword(phrases["2.zip"].encode())
        assert json.loads(archive.read("2/data.json"))["subject"]["key"] == 2


def test_a_resumed_encrypted_run_keeps_the_passphrases_it_gave(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyzipper

    out = tmp_path / "all"
    listing = tmp_path / "keys" / "phrases.csv"
    _kill_after(monkeypatch, 6)
    with pytest.raises(Killed):
        _all(
            demo_path,
            out,
            formats=["json"],
            zip=True,
            encrypt=True,
            passphrase_file=listing,
            batch=4,
        )
    _revive(monkeypatch)
    early = _passphrases(listing)
    assert sorted(early) == ["1.zip", "2.zip", "3.zip", "4.zip"]
    with pytest.raises(RekisteriError, match="passphrase"):
        _all(demo_path, out, formats=["json"], zip=True, encrypt=True, batch=4)
    _all(demo_path, out, formats=["json"], zip=True, encrypt=True, passphrase_file=listing, batch=4)
    phrases = _passphrases(listing)
    assert {k: phrases[k] for k in early} == early
    assert len(phrases) == 20 and len(set(phrases.values())) == 20
    for name, phrase in phrases.items():
        with pyzipper.AESZipFile(out / name) as archive:
            archive.setpassword(phrase.encode())
            archive.read(f"{name[:-4]}/data.json")


def test_the_passphrase_file_is_never_inside_the_folder_nor_overwritten(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all"
    with pytest.raises(RekisteriError, match="outside"):
        _all(
            demo_path, out, formats=["json"], zip=True, encrypt=True, passphrase_file=out / "p.csv"
        )
    existing = tmp_path / "phrases.csv"
    existing.write_text("mine\n", encoding="utf-8")
    with pytest.raises(RekisteriError, match="already exists"):
        _all(demo_path, out, formats=["json"], zip=True, encrypt=True, passphrase_file=existing)
    assert existing.read_text(encoding="utf-8") == "mine\n"
    assert not out.exists()


def test_all_encrypt_on_the_command_line_asks_for_no_passphrase(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all"
    listing = tmp_path / "phrases.csv"
    result = CliRunner().invoke(
        app,
        [
            *("access", str(demo_path), "--all", "-o", str(out), "--format", "json", "--zip"),
            *("--encrypt", "--passphrases", str(listing), *RELEASE_CLI),
        ],
        env={"REKISTERI_PASSPHRASE": "one for everyone"},
    )
    assert result.exit_code == 0, result.output
    assert str(listing) in result.output
    assert "REKISTERI_PASSPHRASE" in result.output  # told that it is not used
    phrases = _passphrases(listing)
    assert "one for everyone" not in phrases.values() and len(phrases) == 20
    usage = CliRunner().invoke(
        app, ["access", str(demo_path), "--id", "1", "-o", str(tmp_path / "one"),
              "--passphrases", str(listing)],
    )  # fmt: skip
    assert usage.exit_code == 2


def _stand_in_pdf(html: str, context: Any, options: Any) -> bytes:
    """A PDF stand-in saying which page it was made from and by which process."""
    return f"{hashlib.sha256(html.encode()).hexdigest()} {os.getpid()}".encode()


def _pdf_bundles(folder: Path) -> dict[str, tuple[str, int]]:
    made = {}
    for pdf in sorted(folder.glob("*/report.*.pdf")):
        page, pid = pdf.read_text(encoding="utf-8").split()
        made[str(pdf.relative_to(folder))] = (page, int(pid))
    return made


def test_a_runs_pdfs_are_rendered_side_by_side_each_in_its_own_bundle(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from rekisteri.documents import pdf_pool

    monkeypatch.setattr(bundle, "_pdf", _stand_in_pdf)
    given: dict[str, Any] = {
        "formats": ["json", "csv", "pdf"],
        "languages": ["fi", "en"],
        "generated": datetime(2026, 3, 1, 12, 0),
        "reference": "ACC-1",
    }
    monkeypatch.setattr(pdf_pool, "pdf_workers", lambda: 1)
    _all(demo_path, tmp_path / "here", batch=7, **given)
    monkeypatch.setattr(pdf_pool, "pdf_workers", lambda: 2)
    _all(demo_path, tmp_path / "forked", batch=7, **given)

    here, forked = _pdf_bundles(tmp_path / "here"), _pdf_bundles(tmp_path / "forked")
    assert len(here) == 40 and set(here) == set(forked)
    # Each bundle has the PDF of its own person's page, in each language.
    assert {path: page for path, (page, _) in here.items()} == {
        path: page for path, (page, _) in forked.items()
    }
    assert len({page for page, _ in here.values()}) == 40
    # One by one, here; otherwise in two other processes, never in this one.
    assert {pid for _, pid in here.values()} == {os.getpid()}
    pids = {pid for _, pid in forked.values()}
    assert len(pids) >= 2 and os.getpid() not in pids
    for json_file in (tmp_path / "here").glob("*/data.json"):
        twin = tmp_path / "forked" / json_file.relative_to(tmp_path / "here")
        assert twin.read_bytes() == json_file.read_bytes()


def test_a_pdf_that_fails_in_a_forked_renderer_stops_the_run_with_its_error(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rekisteri.documents import pdf_pool

    def refused(html: str, context: Any, options: Any) -> bytes:
        raise RekisteriError("cannot render the PDF: a stylesheet outside the allowed folders")

    monkeypatch.setattr(bundle, "_pdf", refused)
    monkeypatch.setattr(pdf_pool, "pdf_workers", lambda: 2)
    with pytest.raises(RekisteriError, match="stylesheet outside the allowed folders"):
        _all(demo_path, tmp_path / "all", formats=["json", "pdf"], languages=["fi"])
    assert not list((tmp_path / "all").glob("*/report.fi.pdf"))


def test_a_run_asks_once_per_category_whether_it_is_portable(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, item 5: portability is the register's, the same for every subject; asking
    builds each purpose's bases anew, so a bulk run asks once per category, not per person."""
    from rekisteri.access import data

    asked: list[str] = []
    real = data.portability

    def counting(register: Any, category: Any, **kwargs: Any) -> Any:
        asked.append(category.id)
        return real(register, category, **kwargs)

    monkeypatch.setattr(data, "portability", counting)
    result = _all(demo_path, tmp_path / "out", formats=["json"])
    assert result.written > 5
    assert sorted(asked) == sorted(set(asked))
    portable = list((tmp_path / "out").glob("*/portable.json"))
    assert portable  # the answers are still used
