"""What rekisteri derives from installed files and keeps between runs, so that a command need
not load the library that derived it: compiled catalogs (Babel), the working days of a year
(holidays), a read-only command's answer (rekisteri.cli.memo).

Each kept thing is found by a key made of everything it was derived from: the bytes it came
from, and the state of the installed library that made it (its files' sizes and modification
times, found without importing it), so another version or an edited source is derived afresh.
The cache is ``$XDG_CACHE_HOME/rekisteri`` (``~/.cache/rekisteri``); it holds no personal data
and may be deleted at any time. A cache that cannot be read or written is passed over.

Standard library only, and no pathlib: the replaying command loads this and little else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os

FOLDER_MODE = 0o700


def cache_root() -> str | None:
    """``$XDG_CACHE_HOME/rekisteri``, else ``~/.cache/rekisteri``; None without a home folder.

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification says.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "rekisteri")


def cache_folder(name: str) -> str | None:
    root = cache_root()
    return os.path.join(root, name) if root is not None else None


def installed_state(package: str, files: tuple[str, ...]) -> str:
    """Where ``package`` is installed and the state of its named ``files``, without importing
    it: a new version (or an edit) of those files gives another state."""
    # Loaded here: replaying a command's answer needs only cache_root.
    import importlib.util

    spec = importlib.util.find_spec(package)
    parts: list[str] = []
    if spec is not None and spec.origin:
        folder = os.path.dirname(spec.origin)
        for name in files:
            path = os.path.join(folder, name)
            try:
                found = os.stat(path)
            except OSError:
                continue
            parts.append(f"{path}:{found.st_size}:{found.st_mtime_ns}")
    return "\n".join(parts)


def key(*parts: str | bytes) -> str:
    """A name for what was derived from ``parts`` (each length-prefixed, so none runs into
    the next)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def read(path: str | None) -> bytes | None:
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def write(path: str | None, data: bytes) -> None:
    """``data`` written whole beside ``path`` and renamed there: a reader never sees half."""
    # Loaded only when something is kept, not on the path that reads what was.
    import tempfile

    if path is None:
        return
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, mode=FOLDER_MODE, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
