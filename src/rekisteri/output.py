"""Writing files so that a reader never sees half of one and nothing is silently replaced.

Every file rekisteri writes goes to a temporary file in the same folder first and is renamed into
place, so a crash or a full disk leaves either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rekisteri.errors import RekisteriError

# Files that hold personal data (access bundles) are readable by their owner only.
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
PUBLIC_FILE = 0o644


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """``rows`` as CSV whose rows end in a newline, a cell holding any line break quoted.

    The csv writer quotes only the line-end characters it writes itself, so a row ended by
    "\\n" would leave a carriage return inside a name unquoted, and every reader would end
    the row there: it is told CRLF, and each row is given its newline here instead.
    """
    buffer = _LinesOfRows()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


class _LinesOfRows(io.StringIO):
    def write(self, row: str) -> int:
        return super().write(row.removesuffix("\r\n") + "\n")


def ensure_dir(folder: Path) -> None:
    """Create ``folder`` (and parents), or explain why it cannot be used."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise RekisteriError(f"{folder}: exists and is not a folder") from None
    except OSError as exc:
        raise RekisteriError(
            f"{folder}: cannot create the output folder: {exc.strerror or exc}"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise RekisteriError(f"{folder}: the output folder is not writable")


@dataclass
class OutputExists(RekisteriError):
    """Files to be written already exist, and the caller did not ask to replace them."""

    paths: tuple[Path, ...] = ()

    @classmethod
    def of(cls, paths: Sequence[Path]) -> OutputExists:
        names = ", ".join(str(p) for p in paths)
        return cls(f"{names}: already exists; replace it explicitly", paths=tuple(paths))


def refuse_existing(paths: list[Path], force: bool) -> None:
    """Fail before writing anything when an output exists and ``force`` was not given."""
    if force:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        raise OutputExists.of(existing)


def write_atomic(
    path: Path, data: bytes | str, *, mode: int = PUBLIC_FILE, force: bool = True
) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    if not force and path.exists():
        raise OutputExists.of([path])
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise RekisteriError(f"{path.parent}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise RekisteriError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


@contextlib.contextmanager
def atomic_directory(target: Path, *, mode: int = PRIVATE_DIR) -> Iterator[Path]:
    """Build a folder under a temporary name and rename it to ``target`` when complete.

    An existing ``target`` is never replaced. On any error the temporary folder is removed, so
    no partial bundle is left behind.
    """
    if target.exists():
        raise RekisteriError(f"{target}: already exists; rekisteri never overwrites it")
    ensure_dir(target.parent)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    os.chmod(tmp, mode)
    try:
        yield tmp
        try:
            # rename() onto an existing non-empty folder fails, so a bundle written meanwhile
            # by another process survives.
            os.rename(tmp, target)
        except OSError:
            raise RekisteriError(
                f"{target}: already exists; rekisteri never overwrites it"
            ) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_files(out_dir: Path, files: Mapping[Path, bytes | str], *, force: bool) -> list[Path]:
    """Write rendered files atomically; if one fails, remove the ones this call created."""
    refuse_existing(list(files), force)
    ensure_dir(out_dir)
    created: list[Path] = []
    try:
        for path, data in files.items():
            existed = path.exists()
            if path.parent != out_dir:
                ensure_dir(path.parent)
            write_atomic(path, data, force=force)
            if not existed:
                created.append(path)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return list(files)
