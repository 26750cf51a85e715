"""PDFs of one document in several languages, rendered side by side in forked processes.

The pool knows nothing of what it renders: it takes a callable that renders one language's
PDF (the notice, say) and calls it in the forked copies, or here.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn, Self

from rekisteri.errors import RekisteriError


class PdfPool:
    """The PDFs of a document in several languages, rendered side by side on the machine's cores.

    A PDF takes WeasyPrint a second or more of pure Python, so the PDFs are rendered in forked
    copies of this process, one per core, while the caller renders the HTML pages.
    :meth:`pdf` returns exactly the bytes ``render(lang)`` would and raises the error it would,
    when asked, so a caller that asks in its own order behaves as if it rendered one file after
    the other::

        with PdfPool(lambda lang: render_pdf(register, lang), ["fi", "en"]) as pdfs:
            for lang in ["fi", "en"]:
                pages[lang] = render_html(register, lang)  # while the PDFs render elsewhere
                documents[lang] = pdfs.pdf(lang)

    Forking is used only where it is safe and pays: two or more languages, two or more usable
    cores, a POSIX system other than macOS, and no other thread running (a fork copies locks
    another thread may hold). Otherwise, and for any language a forked renderer did not
    deliver (it crashed, or its error could not be sent back), the PDF is rendered here, when
    asked, which also gives an unexpected failure its real traceback.
    """

    def __init__(self, render: Callable[[str], bytes], langs: Sequence[str]) -> None:
        self._render_one = render
        self._langs = list(dict.fromkeys(langs))
        self._started = False
        self._renderers: list[_ForkedRenderer] = []
        self._delivered: dict[str, bytes | RekisteriError] = {}

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        """Fork the renderers, if that pays here; a second call does nothing."""
        if self._started:
            return
        self._started = True
        workers = min(len(self._langs), pdf_workers())
        if workers < 2:
            return
        # documents.pdf loads WeasyPrint: only a pool that really starts workers needs it.
        from rekisteri.documents.pdf import preload

        # WeasyPrint is imported once, here, for every renderer to share; if it cannot be,
        # rendering one by one reports why.
        if not preload():
            return
        # This process is left to render the HTML pages meanwhile.
        for share in (self._langs[index::workers] for index in range(workers)):
            self._renderers.append(_ForkedRenderer.fork(self._render_share, share))

    def pdf(self, lang: str) -> bytes:
        """The PDF in ``lang``, as ``render(lang)`` renders it."""
        for renderer in self._renderers:
            if lang in renderer.langs and renderer.pending:
                self._delivered.update(renderer.collect())
        delivered = self._delivered.pop(lang, None)
        if isinstance(delivered, RekisteriError):
            raise delivered
        if delivered is not None:
            return delivered
        return self._render(lang)

    def close(self) -> None:
        """Stop renderers whose PDFs were not asked for (after an error, say)."""
        for renderer in self._renderers:
            renderer.stop()

    def _render(self, lang: str) -> bytes:
        return self._render_one(lang)

    def _render_share(self, langs: Sequence[str]) -> dict[str, bytes | RekisteriError]:
        rendered: dict[str, bytes | RekisteriError] = {}
        for lang in langs:
            try:
                rendered[lang] = self._render(lang)
            except RekisteriError as error:
                rendered[lang] = error
        return rendered


def pdf_workers() -> int:
    """How many processes may render PDFs at once here: 1 where forking is unsafe or pointless."""
    if not hasattr(os, "fork") or sys.platform == "darwin" or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(cores, 1)


_Render = Callable[[Sequence[str]], Mapping[str, bytes | RekisteriError]]


@dataclass
class _ForkedRenderer:
    """A forked copy of this process that renders some languages' PDFs and sends them back.

    The results travel through a pipe, pickled, after the last one is rendered (a pipe holds
    64 KiB, so writing each as it is done would stall the renderer until it is read).
    """

    langs: tuple[str, ...]
    pid: int | None
    pipe: int | None

    @property
    def pending(self) -> bool:
        return self.pid is not None

    @classmethod
    def fork(cls, render: _Render, langs: Sequence[str]) -> _ForkedRenderer:
        reading, writing = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
            # Nothing forked: the languages are rendered in this process when asked for.
            return cls(langs=tuple(langs), pid=None, pipe=None)
        if pid == 0:  # pragma: no cover - the child leaves through os._exit
            try:
                os.close(reading)
                _serve(render, langs, writing)
            finally:
                os._exit(1)
        os.close(writing)
        return cls(langs=tuple(langs), pid=pid, pipe=reading)

    def collect(self) -> Mapping[str, bytes | RekisteriError]:
        """Wait for the renderer and take what it delivered; a crashed one delivered nothing."""
        if self.pipe is None:
            return {}
        with open(self.pipe, "rb", closefd=False) as pipe:
            data = pipe.read()
        self._close_pipe()
        if not self._reap():
            return {}
        try:
            delivered: Mapping[str, bytes | RekisteriError] = pickle.loads(data)
        except Exception:
            return {}
        return delivered

    def stop(self) -> None:
        """End a renderer that is no longer needed."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self._close_pipe()
        self._reap()

    def _close_pipe(self) -> None:
        pipe, self.pipe = self.pipe, None
        if pipe is not None:
            os.close(pipe)

    def _reap(self) -> bool:
        """Wait for the renderer to end; True if it ended normally."""
        pid, self.pid = self.pid, None
        if pid is None:
            return False
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped by someone else (a SIGCHLD handler)
            return False
        return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def _serve(render: _Render, langs: Sequence[str], pipe: int) -> NoReturn:  # pragma: no cover
    """A forked renderer's whole life: render, send, and leave without running the exit
    handlers or flushing the output buffers it inherited from its parent."""
    status = 1
    try:
        # Everything inherited lives until this process exits: the collector need not walk it,
        # and leaving it untouched keeps its memory shared with the parent. Layout makes
        # short-lived objects by the million, few of them in cycles, so collecting less often
        # saves time without letting much garbage pile up.
        gc.freeze()
        gc.set_threshold(10_000, 20, 20)
        payload = pickle.dumps(dict(render(langs)), protocol=pickle.HIGHEST_PROTOCOL)
        with open(pipe, "wb") as out:
            out.write(payload)
        status = 0
    except BaseException:
        # Whatever went wrong, the parent renders these languages itself and reports it.
        status = 1
    finally:
        os._exit(status)
