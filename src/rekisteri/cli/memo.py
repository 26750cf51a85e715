"""A read-only command's answer, remembered and replayed while nothing it read has changed.

``rekisteri validate``, ``lint`` and ``--help`` only read: the register, the catalogs, the
package's own code. A script, an editor or a pre-commit hook runs them again and again on a
file that has not changed, and most of each run is Python loading pydantic and Typer. So the
first run is recorded and the next one with the same inputs prints the recorded answer, with
only the standard library loaded.

Correct by construction, the way Python's own bytecode cache is: the recording does not
trust a list of what the command reads, it watches what it does.

- Every file it opens (``open`` audit events, imports included), every folder it lists, every
  path whose state it asks (``os.stat``, ``os.lstat``, ``os.access``: a logo that does not
  exist counts), and every module it ran, are remembered with their state: device, inode,
  size, modification and change times (the change time cannot be set back).
- Every environment variable it reads before writing it is remembered with its value; a run
  that reads the whole environment is replayed only in the same environment.
- The answer is found by the command line, the working folder, the Python and its path, the
  day, and which of stdin, stdout and stderr are terminals (and their sizes).
- A run that does anything but read is not remembered: a file opened for writing (outside
  rekisteri's own cache), a folder made, a process started, a connection or a database
  opened, stdin read, an exception other than the command's own exit.

Replaying stats each remembered path again (a few milliseconds) and compares; one difference
and the command runs as if nothing were remembered. The answers live in
``$XDG_CACHE_HOME/rekisteri/answers`` (else ``~/.cache/…``), readable by their owner only, the
newest 64 kept. They hold what the command printed: the register's own texts, no personal data
from a store. ``REKISTERI_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from rekisteri import derived

_KEEP = 64
_FORMAT = 3

# Events after which the run's answer is not its inputs' alone.
_REFUSED = (
    "subprocess.",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "pty.",
    "socket.",
    "sqlite3.connect",
    "ctypes.",
    "urllib.",
    "webbrowser.",
    "os.mkfifo",
    "os.mknod",
)
# Events that change files: allowed only inside rekisteri's own cache (the catalog cache).
_CHANGES = frozenset(
    {
        "os.rename",
        "os.remove",
        "os.rmdir",
        "os.mkdir",
        "os.chmod",
        "os.chown",
        "os.truncate",
        "os.link",
        "os.symlink",
        "os.utime",
        "shutil.copyfile",
        "shutil.copymode",
        "shutil.copystat",
        "shutil.copytree",
        "shutil.move",
        "shutil.rmtree",
    }
)
# Events of the interpreter itself, which neither read nor write anything outside it.
_INTERPRETER = frozenset(
    {"compile", "exec", "import", "builtins", "object", "sys", "marshal", "code", "cpython"}
)
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def run(argv: list[str], command: Callable[[], None]) -> None:
    """Replay the remembered answer to ``argv``, else run ``command`` and remember it.

    Ends as the command does: by ``SystemExit`` with its exit code. Only for a command that
    reads (rekisteri.cli.read_only); ``REKISTERI_NO_CACHE=1`` runs it as if nothing were kept.
    """
    root = derived.cache_root()
    # Streams without bytes beneath them (closed, or a host's own) are not watched.
    streams = (getattr(sys.stdout, "buffer", None), getattr(sys.stderr, "buffer", None))
    if root is None or None in streams or os.environ.get("REKISTERI_NO_CACHE", "") not in ("", "0"):
        command()
        return
    entry = os.path.join(root, "answers", _key(argv) + ".json")
    replayed = _replay(entry, {1: streams[0], 2: streams[1]})
    if replayed is not None:
        raise SystemExit(replayed)
    recording = _Recording(root)
    recording.start()
    code: int | None = None
    try:
        command()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else None
        raise
    finally:
        recording.stop()
        if code is not None and recording.clean:
            _remember(entry, recording, code)


# --- the key -------------------------------------------------------------------------------


def _key(argv: list[str]) -> str:
    terminals = []
    for fd in (0, 1, 2):
        try:
            tty = os.isatty(fd)
            size = tuple(os.get_terminal_size(fd)) if tty else None
        except OSError:
            tty, size = False, None
        terminals.append([tty, size])
    streams = [
        [getattr(stream, "encoding", None), getattr(stream, "errors", None)]
        for stream in (sys.stdout, sys.stderr)
    ]
    parts = [
        _FORMAT,
        argv,
        os.getcwd(),
        sys.executable,
        sys.version,
        sys.path,
        sys.flags.utf8_mode,
        datetime.date.today().isoformat(),
        terminals,
        streams,
    ]
    return derived.key(json.dumps(parts))


# --- state of a path -----------------------------------------------------------------------

State = list[int] | str
_LARGEST = 16 << 20
# The code that ran is known by its files' state, as Python's own bytecode cache knows it;
# every other file by its bytes too, so an edit within the clock's tick is still seen.
_CODE = (".py", ".pyc", ".so", ".pyd")


def _state(path: str, kind: str) -> State:
    """What ``path`` is now, as the kind of look the command took at it: ``stat``, ``lstat``,
    ``file`` (opened: its state and its bytes) or ``list`` (listed: its names)."""
    try:
        if kind == "list":
            return derived.key(*sorted(os.listdir(path)))
        found = os.lstat(path) if kind == "lstat" else os.stat(path)
        state = [
            found.st_dev,
            found.st_ino,
            found.st_mode,
            found.st_size,
            found.st_mtime_ns,
            found.st_ctime_ns,
        ]
        if kind == "file" and not path.endswith(_CODE) and os.path.isfile(path):
            if found.st_size > _LARGEST:
                return "too large"
            with open(path, "rb") as handle:
                state.append(int(derived.key(handle.read())[:16], 16))
        return state
    except OSError as exc:
        return f"errno {exc.errno}"


def _environment_digest(environ: MutableMapping[str, str]) -> str:
    return derived.key(json.dumps(sorted(environ.items())))


# --- replaying ------------------------------------------------------------------------------


def _replay(entry: str, streams: dict[int, Any]) -> int | None:
    """Print the answer kept in ``entry`` to ``streams`` (the bytes beneath stdout and
    stderr) and return its exit code, if everything it read is as it was; else None."""
    try:
        with open(entry, encoding="utf-8") as handle:
            if os.fstat(handle.fileno()).st_uid != os.getuid():
                return None  # not written by us: never believed
            saved = json.load(handle)
        if saved.get("format") != _FORMAT:
            return None
        for path, kind, state in saved["paths"]:
            if _state(path, kind) != state:
                return None
        environment = saved["environment"]
        if isinstance(environment, str):
            if _environment_digest(os.environ) != environment:
                return None
        elif any(os.environ.get(name) != value for name, value in environment.items()):
            return None
        output = [(stream, text.encode("latin-1")) for stream, text in saved["output"]]
        code = saved["code"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeError):
        return None  # a damaged or foreign answer: the command runs, and replaces it
    if not isinstance(code, int):
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    for stream, chunk in output:
        streams[stream].write(chunk)
        streams[stream].flush()
    return code


# --- recording ------------------------------------------------------------------------------


class _Recording:
    """What one run of a command reads and prints, watched from inside the process."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.clean = True
        self.active = False
        self.paths: dict[tuple[str, str], State] = {}
        self.read: dict[str, str | None] = {}
        self.written: set[str] = set()
        self.whole_environment = False
        self.output: list[tuple[int, bytes]] = []
        self._saved: dict[str, Any] = {}

    # Audit hooks cannot be removed: a hook of a finished recording does nothing.
    def _audit(self, event: str, args: tuple[Any, ...]) -> None:
        # Most events are the interpreter's own (compile, exec, import): passed over at once.
        if not self.active or event.partition(".")[0] in _INTERPRETER:
            return
        try:
            self._event(event, args)
        except Exception:  # an audit hook must never break what it watches
            self.clean = False

    def _event(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, mode, flags = [*args, None, None, None][:3]
            writing = (
                any(c in mode for c in "wax+")
                if isinstance(mode, str)
                else isinstance(flags, int) and bool(flags & _WRITING)
            )
            self._path(path, "file", writing)
        elif event in ("os.listdir", "os.scandir"):
            self._path(args[0] if args and args[0] is not None else ".", "list", False)
        elif event == "os.mkdir" and self.root.startswith(os.path.abspath(args[0]) + os.sep):
            return  # the cache's own folders, made as it is first used
        elif event in _CHANGES:
            for path in args:
                if isinstance(path, str | bytes | os.PathLike):
                    self._path(path, "lstat", True)
        elif event.startswith(_REFUSED):
            self.clean = False

    def _path(self, path: Any, kind: str, writing: bool) -> None:
        if isinstance(path, int):
            # A descriptor was opened by a path already judged (os.open, mkstemp), or is a
            # pipe or socket already refused; but stdin, stdout and stderr bypass the watch.
            if path in (0, 1, 2):
                self.clean = False
            return
        if path is None:
            self.clean = False
            return
        text = os.fsdecode(path)
        if text.startswith(("/dev/", "/proc/", "/sys/")):
            self.clean = False
            return
        # rekisteri's own cache (the compiled catalogs) is named by the content it was made
        # from, so what it holds is already known by the catalogs' own state.
        where = os.path.abspath(text)
        if where == self.root or where.startswith(self.root + os.sep):
            return
        # The folders above it, asked about only as the cache makes its own folder.
        if kind != "list" and self.root.startswith(where.rstrip(os.sep) + os.sep):
            return
        if writing:
            self.clean = False
            return
        # Its state when first looked at, before the command reads it: a change made while
        # the command runs is a change the next run sees.
        if (text, kind) not in self.paths:
            self.active = False  # the look of our own is not the command's
            try:
                self.paths[text, kind] = _state(text, kind)
            finally:
                self.active = True

    def _asked(self, real: Callable[..., Any], kind: str) -> Callable[..., Any]:
        def asked(path: Any, *args: Any, **kwargs: Any) -> Any:
            if self.active:
                if kwargs.get("dir_fd") is not None or isinstance(path, int):
                    self.clean = False
                else:
                    follow = kwargs.get("follow_symlinks", True)
                    self._path(path, kind if follow else "lstat", False)
            return real(path, *args, **kwargs)

        return asked

    def start(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        self._saved = {
            "stat": os.stat,
            "lstat": os.lstat,
            "access": os.access,
            "environ": os.environ,
            "stdin": sys.stdin,
            "stdout": sys.stdout,
            "stderr": sys.stderr,
        }
        os.stat = self._asked(os.stat, "stat")
        os.lstat = self._asked(os.lstat, "lstat")
        os.access = self._asked(os.access, "stat")
        # Bound anew, not cleared: the real mapping stays behind the watched one.
        os.environ = _WatchedEnvironment(os.environ, self)  # type: ignore[assignment]  # noqa: B003
        sys.stdin = _WatchedStdin(sys.stdin, self)
        sys.stdout = _tee(sys.stdout, 1, self.output)
        sys.stderr = _tee(sys.stderr, 2, self.output)
        sys.addaudithook(self._audit)
        self.active = True

    def stop(self) -> None:
        self.active = False
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                self.clean = False
        saved = self._saved
        os.stat, os.lstat, os.access = saved["stat"], saved["lstat"], saved["access"]
        os.environ = saved["environ"]  # noqa: B003
        sys.stdin, sys.stdout, sys.stderr = saved["stdin"], saved["stdout"], saved["stderr"]
        for module in list(sys.modules.values()):
            where = getattr(module, "__file__", None)
            if isinstance(where, str) and (where, "stat") not in self.paths:
                self.paths[where, "stat"] = _state(where, "stat")

    def answer(self, code: int) -> dict[str, Any]:
        environment: dict[str, str | None] | str = (
            _environment_digest(os.environ) if self.whole_environment else self.read
        )
        return {
            "format": _FORMAT,
            "paths": [[path, kind, state] for (path, kind), state in self.paths.items()],
            "environment": environment,
            "output": [[stream, chunk.decode("latin-1")] for stream, chunk in self.output],
            "code": code,
        }


class _WatchedEnvironment(MutableMapping[str, str]):
    """``os.environ`` as the recorded run sees it: each read remembered with its value."""

    def __init__(self, real: MutableMapping[str, str], recording: _Recording) -> None:
        self._real = real
        self._recording = recording

    def _note(self, name: str) -> None:
        recording = self._recording
        if recording.active and name not in recording.written and name not in recording.read:
            recording.read[name] = self._real.get(name)

    def __getitem__(self, name: str) -> str:
        self._note(name)
        return self._real[name]

    def get(self, name: str, default: Any = None) -> Any:
        self._note(name)
        return self._real.get(name, default)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self._note(name)
        return name in self._real

    def __setitem__(self, name: str, value: str) -> None:
        self._recording.written.add(name)
        self._real[name] = value

    def __delitem__(self, name: str) -> None:
        self._recording.written.add(name)
        del self._real[name]

    def __iter__(self) -> Iterator[str]:
        self._recording.whole_environment = True
        return iter(self._real)

    def __len__(self) -> int:
        self._recording.whole_environment = True
        return len(self._real)

    def copy(self) -> dict[str, str]:
        self._recording.whole_environment = True
        return dict(self._real)


class _WatchedStdin:
    """``sys.stdin`` for the recorded run: asking whether it is a terminal is fine, reading
    it makes the answer depend on what was typed, so the run is not remembered."""

    _HARMLESS = frozenset({"isatty", "fileno", "encoding", "errors", "name", "closed", "mode"})

    def __init__(self, real: Any, recording: _Recording) -> None:
        self._real = real
        self._recording = recording

    def __getattr__(self, name: str) -> Any:
        if name not in self._HARMLESS:
            self._recording.clean = False
        return getattr(self._real, name)

    def __iter__(self) -> Iterator[str]:
        self._recording.clean = False
        return iter(self._real)


class _Copied(io.RawIOBase):
    """The bytes a stream writes, passed on to its own buffer and kept in order."""

    def __init__(self, real: Any, number: int, output: list[tuple[int, bytes]]) -> None:
        self._real = real
        self._number = number
        self._output = output

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._output.append((self._number, chunk))
        self._real.buffer.write(chunk)
        self._real.buffer.flush()
        return len(chunk)

    def isatty(self) -> bool:
        return bool(self._real.isatty())

    def fileno(self) -> int:
        return int(self._real.fileno())


def _tee(real: Any, number: int, output: list[tuple[int, bytes]]) -> io.TextIOWrapper:
    return io.TextIOWrapper(
        io.BufferedWriter(_Copied(real, number, output)),
        encoding=real.encoding,
        errors=real.errors,
        line_buffering=real.line_buffering,
        write_through=True,
    )


def _remember(entry: str, recording: _Recording, code: int) -> None:
    folder = os.path.dirname(entry)
    try:
        os.makedirs(folder, mode=derived.FOLDER_MODE, exist_ok=True)
        if os.stat(folder).st_uid != os.getuid():
            return  # someone else's folder: nothing of ours is left in it
        derived.write(entry, json.dumps(recording.answer(code)).encode())
        answers = [os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".json")]
        answers.sort(key=lambda path: os.stat(path).st_mtime_ns)
        for old in answers[:-_KEEP]:
            os.unlink(old)
    except OSError:
        pass  # a cache that cannot be written is passed over: the answer was printed
