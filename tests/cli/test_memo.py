"""Issue 17, item 2: a read-only command's answer replayed while nothing it read has changed.

The recording watches what the command does (files opened, folders listed, paths asked about,
environment read, code run); each test changes one of those and sees the command run again,
or does something other than reading and sees nothing remembered.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rekisteri.cli import memo, read_only

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder of its own and a cache of its own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("REKISTERI_NO_CACHE", raising=False)
    return tmp_path


class Command:
    """A stand-in command: what it does is given, and how often it really ran is counted."""

    def __init__(self, body: Callable[[], int]) -> None:
        self.body = body
        self.runs = 0

    def __call__(self) -> None:
        self.runs += 1
        raise SystemExit(self.body())


def run(command: Command, capfd: pytest.CaptureFixture[str], argv: list[str] | None = None):
    with pytest.raises(SystemExit) as ended:
        memo.run(argv or ["validate", "register.toml"], command)
    out, err = capfd.readouterr()
    return out, err, ended.value.code


def reads_the_register() -> int:
    text = Path("register.toml").read_text(encoding="utf-8")
    print(f"read {text!r}")
    print("a warning", file=sys.stderr)
    return 1 if "bad" in text else 0


def reading(folder: Path, text: str) -> Command:
    """The stand-in command that reads ``folder``'s register.toml, which holds ``text``."""
    (folder / "register.toml").write_text(text, encoding="utf-8")
    return Command(reads_the_register)


def test_a_second_run_with_nothing_changed_says_the_same_without_running(
    here: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    command = reading(here, "bad one")
    first = run(command, capfd)
    assert first == ("read 'bad one'\n", "a warning\n", 1)
    assert run(command, capfd) == first
    assert command.runs == 1
    # Another command line is another answer.
    assert run(command, capfd, ["lint", "register.toml"]) == first
    assert command.runs == 2


def test_an_edit_of_a_file_it_read_is_seen(here: Path, capfd: pytest.CaptureFixture[str]) -> None:
    register = here / "register.toml"
    command = reading(here, "bad one")
    run(command, capfd)
    register.write_text("ok one", encoding="utf-8")
    assert run(command, capfd) == ("read 'ok one'\n", "a warning\n", 0)
    assert command.runs == 2


def test_an_edit_within_the_clocks_tick_is_seen_by_its_bytes(
    here: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system's clock ticks in milliseconds or coarser: an edit of the same size in the
    same tick leaves the file's state as it was, so opened files are known by their bytes."""
    real_stat = os.stat

    def frozen(path: object, *args: object, **kwargs: object) -> os.stat_result:
        found = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if str(path).endswith("register.toml"):
            fields = {"st_mtime_ns": 1, "st_ctime_ns": 1}
            return os.stat_result(tuple(found)[:10], fields)  # type: ignore[arg-type]
        return found

    monkeypatch.setattr(os, "stat", frozen)
    register = here / "register.toml"
    command = reading(here, "bad one")
    run(command, capfd)
    register.write_text("ok  one", encoding="utf-8")  # the same size, the same (frozen) times
    assert run(command, capfd) == ("read 'ok  one'\n", "a warning\n", 0)
    assert command.runs == 2


def test_a_path_it_only_asked_about_counts(here: Path, capfd: pytest.CaptureFixture[str]) -> None:
    def looks_for_the_logo() -> int:
        print("logo" if Path("logo.png").exists() else "no logo")
        return 0

    command = Command(looks_for_the_logo)
    assert run(command, capfd)[0] == "no logo\n"
    assert run(command, capfd)[0] == "no logo\n"
    (here / "logo.png").write_bytes(b"\x89PNG")
    assert run(command, capfd)[0] == "logo\n"
    assert command.runs == 2


def test_a_new_name_in_a_folder_it_listed_counts(
    here: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = here / "locale"
    folder.mkdir()

    def lists() -> int:
        print(sorted(os.listdir("locale")))
        return 0

    command = Command(lists)
    run(command, capfd)
    before = folder.stat()
    (folder / "sv").mkdir()
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert run(command, capfd)[0] == "['sv']\n"
    assert command.runs == 2


def test_the_environment_it_read_counts_and_the_rest_does_not(
    here: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    def reads_no_color() -> int:
        print(os.environ.get("NO_COLOR"), os.getenv("FORCE_COLOR"))
        return 0

    command = Command(reads_no_color)
    assert run(command, capfd)[0] == "1 None\n"
    monkeypatch.setenv("SOMETHING_ELSE", "x")
    assert run(command, capfd)[0] == "1 None\n"
    assert command.runs == 1
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert run(command, capfd)[0] == "1 1\n"
    monkeypatch.delenv("NO_COLOR")
    assert run(command, capfd)[0] == "None 1\n"
    assert command.runs == 3


def test_a_command_that_reads_the_whole_environment_needs_all_of_it_unchanged(
    here: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def counts() -> int:
        print(len(os.environ) > 0)
        return 0

    command = Command(counts)
    run(command, capfd)
    run(command, capfd)
    assert command.runs == 1
    monkeypatch.setenv("SOMETHING_ELSE", "x")
    run(command, capfd)
    assert command.runs == 2


def test_the_code_it_ran_is_part_of_what_it_read(
    here: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = here / "code"
    code.mkdir()
    module = code / "memo_probe_module.py"
    module.write_text("WORD = 'first'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(code))
    # Compiled beforehand, as an installed package is: the import reads the bytecode, and
    # only the module's own file says that its source has changed.
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    importlib.import_module("memo_probe_module")  # compiles it

    assert list((code / "__pycache__").glob("memo_probe_module.*.pyc"))

    def imports() -> int:
        sys.modules.pop("memo_probe_module", None)
        import memo_probe_module  # a module of this test's, loaded by the command

        print(memo_probe_module.WORD)
        return 0

    command = Command(imports)
    assert run(command, capfd)[0] == "first\n"
    assert run(command, capfd)[0] == "first\n"
    (answer,) = (here / "cache" / "rekisteri" / "answers").glob("*.json")
    looked_at = {path for path, _, _ in json.loads(answer.read_text())["paths"]}
    # The code loaded before the command ran counts too.
    assert {memo.__file__, str(module)} <= looked_at
    module.write_text("WORD = 'again, longer'\n", encoding="utf-8")
    assert run(command, capfd)[0] == "again, longer\n"
    assert command.runs == 2
    sys.modules.pop("memo_probe_module", None)


def _writes() -> int:
    Path("out.txt").write_text("x", encoding="utf-8")
    return 0


def _starts_a_process() -> int:
    subprocess.run(["true"], check=True)
    return 0


def _reads_stdin() -> int:
    print(sys.stdin.read())
    return 0


def _opens_a_database() -> int:
    sqlite3.connect(":memory:").close()
    return 0


def _makes_a_folder() -> int:
    os.mkdir("made")
    return 0


@pytest.mark.parametrize(
    "body", [_writes, _starts_a_process, _reads_stdin, _opens_a_database, _makes_a_folder]
)
def test_a_run_that_does_more_than_read_is_not_remembered(
    body: Callable[[], int],
    here: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("what was typed"))
    command = Command(body)
    if body is _makes_a_folder:
        run(command, capfd)
        os.rmdir("made")
        run(command, capfd)
    else:
        run(command, capfd)
        run(command, capfd)
    assert command.runs == 2
    assert not list((here / "cache").glob("rekisteri/answers/*.json"))


def test_a_crash_is_not_remembered(here: Path, capfd: pytest.CaptureFixture[str]) -> None:
    calls = []

    def crashes() -> None:
        calls.append(1)
        raise ValueError("boom")

    for _ in range(2):
        with pytest.raises(ValueError, match="boom"):
            memo.run(["validate"], crashes)
    assert len(calls) == 2


def test_writing_its_own_cache_is_reading(here: Path, capfd: pytest.CaptureFixture[str]) -> None:
    # The compiled catalogs go to the same cache: a first run that fills it is remembered.
    def fills_the_cache() -> int:
        folder = here / "cache" / "rekisteri" / "catalogs"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "x.mo").write_bytes(b"compiled")
        print("said")
        return 0

    command = Command(fills_the_cache)
    run(command, capfd)
    run(command, capfd)
    assert command.runs == 1


def test_a_damaged_answer_is_passed_over_and_replaced(
    here: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    command = reading(here, "ok")
    first = run(command, capfd)
    (answer,) = (here / "cache" / "rekisteri" / "answers").glob("*.json")
    for damage in ("{not json", json.dumps({"format": memo._FORMAT, "paths": "x"}), ""):
        answer.write_text(damage, encoding="utf-8")
        assert run(command, capfd) == first
    assert command.runs == 4
    assert run(command, capfd) == first
    assert command.runs == 4


def test_answers_are_private_and_only_the_newest_are_kept(
    here: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "_KEEP", 2)
    command = reading(here, "ok")
    for argv in (["validate", "a"], ["validate", "b"], ["validate", "c"]):
        run(command, capfd, argv)
    folder = here / "cache" / "rekisteri" / "answers"
    answers = list(folder.glob("*.json"))
    assert len(answers) == 2
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(a.stat().st_mode) for a in answers} == {0o600}
    # The oldest (a) went; c is still replayed.
    run(command, capfd, ["validate", "c"])
    assert command.runs == 3


def test_only_the_reading_commands_are_remembered() -> None:
    assert read_only(["validate", "x.toml"]) and read_only(["lint"])
    assert read_only(["--help"]) and read_only(["-h"])
    for argv in ([], ["access", "x"], ["publish", "x"], ["requests", "list"], ["init"]):
        assert not read_only(argv), argv


def test_nothing_is_remembered_when_turned_off(
    here: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REKISTERI_NO_CACHE", "1")
    command = reading(here, "ok")
    run(command, capfd)
    run(command, capfd)
    assert command.runs == 2
    assert not (here / "cache" / "rekisteri" / "answers").exists()


# --- the real commands ------------------------------------------------------------------------

PROBE = """
import os, sys
from rekisteri.cli import main
sys.argv = ['rekisteri', *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ('pydantic', 'typer', 'rekisteri.register.model') if m in sys.modules)
with open(os.environ['PROBE_OUT'], 'w') as out:
    out.write(repr(heavy))
sys.exit(code)
"""


def _cli(argv: list[str], tmp_path: Path) -> tuple[str, str, int, list[str]]:
    """What the command printed and returned, and which heavy modules it loaded. It runs in a
    folder of its own: a new file in the working folder is a change (`-c` imports from it)."""
    work, cache, out = tmp_path / "work", tmp_path / "cache", tmp_path / "loaded"
    work.mkdir(exist_ok=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PROBE_OUT": str(out)}
    env.pop("REKISTERI_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, env=env, cwd=work
    )
    return done.stdout, done.stderr, done.returncode, eval(out.read_text())


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", str(EXAMPLE)],
        ["validate", "--format", "json", str(EXAMPLE)],
        ["lint", str(EXAMPLE)],
        ["lint", "--format", "sarif", str(EXAMPLE)],
        ["--help"],
        ["validate", "--help"],
    ],
)
def test_the_real_commands_replayed_say_exactly_what_they_said_loading_nothing_heavy(
    argv: list[str], tmp_path: Path
) -> None:
    said = _cli(argv, tmp_path)
    assert said[2] == 0 and said[0]
    again = _cli(argv, tmp_path)
    assert again[:3] == said[:3]
    assert again[3] == [], "the replay loaded " + ", ".join(again[3])


def test_an_invalid_register_replays_its_errors_and_exit_code_and_an_edit_is_seen(
    tmp_path: Path,
) -> None:
    (tmp_path / "registers").mkdir()
    register = tmp_path / "registers" / "register.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    register.write_text(text.replace('legal_basis = "contract"', 'legal_basis = "contrct"', 1))
    said = _cli(["validate", str(register)], tmp_path)
    assert said[2] == 1 and "contrct" in said[1]
    again = _cli(["validate", str(register)], tmp_path)
    assert again[:3] == said[:3] and again[3] == []
    register.write_text(text, encoding="utf-8")
    fixed = _cli(["validate", str(register)], tmp_path)
    assert fixed[2] == 0 and "contrct" not in fixed[0] + fixed[1]
    assert "pydantic" in fixed[3]  # it ran


def test_an_answer_someone_else_wrote_is_never_believed(
    here: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    command = reading(here, "ok")
    run(command, capfd)
    # As if another user ran it: the answer on disk is not this user's.
    monkeypatch.setattr(os, "getuid", lambda: os.stat(here).st_uid + 1)
    run(command, capfd)
    assert command.runs == 2


def test_streams_without_bytes_beneath_are_not_watched(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # stdout closed (`rekisteri validate >&-`) or replaced by a host: the command runs as
    # it would, and nothing is kept.
    command = reading(here, "ok")
    for stream in (None, io.StringIO()):
        monkeypatch.setattr(sys, "stdout", stream)
        with pytest.raises(SystemExit):
            memo.run(["validate", "register.toml"], command)
    assert command.runs == 2
    assert not (here / "cache" / "rekisteri" / "answers").exists()
