"""Speed and memory of the local web app (issue 18), printed from one run of a real server.

`rekisteri serve --no-browser` on a copy of the example register, driven over loopback HTTP as
the browser drives it (the session cookie, the page's CSRF token, the app's Origin):

(a) a field change to the updated preview (POST /editor/field: the draft changed, validated,
    linted and the notice rendered), p50 and p95 over 200 edits        goal p95 <= 0.15 s
    beside the same change made without the page's script: the form posted and the editor's
    page loaded again (what the app does without JavaScript)
(b) page loads: the start page, the editor, the notice's preview, publishing, the requests,
    each p50 of 20                                                       goal <= 0.1 s
    beside the command that says the same thing, as a process (`rekisteri lint`)
(c) the PDF preview with warm renderers (GET /editor/pdf/fi), p50 of 5  goal <= 0.5 s
    beside `rekisteri render --format pdf` as a process
(d) the server's resident memory after 1,000 edits, and its growth over the last 500
                                                                         goal <= 200 MiB
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from table import Figure, report

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "terhi-kallio"
FIELD = "purposes[0].name~fi"


class Client:
    """The browser: the cookie from the start address, the token of the page's forms."""

    def __init__(self, start: str) -> None:
        self.origin = start.split("/?", 1)[0]
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.get(start)
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', self.get("/editor")).group(1)  # type: ignore[union-attr]

    def get(self, path: str) -> str:
        url = path if path.startswith("http") else self.origin + path
        with self.opener.open(url, timeout=30) as answer:
            return str(answer.read().decode("utf-8", "replace"))

    def post(self, path: str, fields: dict[str, str]) -> bytes:
        data = urllib.parse.urlencode({"csrf": self.csrf, **fields}).encode()
        request = urllib.request.Request(
            self.origin + path,
            data=data,
            headers={
                "origin": self.origin,
                "content-type": "application/x-www-form-urlencoded",
            },
        )
        with self.opener.open(request, timeout=30) as answer:
            return bytes(answer.read())


def timed(action: object, times: int) -> list[float]:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        spent.append(time.perf_counter() - started)
    return spent


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def process(argv: list[str], times: int) -> float:
    return statistics.median(
        timed(lambda: subprocess.run(argv, capture_output=True, check=False), times)
    )


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-webapp-"))
    try:
        for name in ("register.toml", "asiakkaat.sqlite"):
            shutil.copy(EXAMPLE / name, work / name)
        register = work / "register.toml"
        server = subprocess.Popen(
            [sys.executable, "-m", "rekisteri", "serve", str(register), "--no-browser",
             "--lang", "en"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            start = line.split(" at ", 1)[1].split()[0]
            client = Client(start)
            figures = measure(client, server.pid, register)
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(figures)


def measure(client: Client, pid: int, register: Path) -> list[Figure]:
    counter = iter(range(10**6))

    def edit() -> None:
        client.post("/editor/field", {FIELD: f"Palvelu {next(counter)}", "preview": "fi"})

    def edit_without_script() -> None:
        client.post("/editor", {FIELD: f"Palvelu {next(counter)}", "action": "check"})

    for _ in range(5):
        edit()
    live = timed(edit, 200)
    whole = timed(edit_without_script, 40)
    figures = [
        Figure("webapp: field change -> preview, p50", statistics.median(live),
               peer=statistics.median(whole), peer_name="form post + page"),
        Figure("webapp: field change -> preview, p95", p95(live), peer=p95(whole),
               peer_name="form post + page", goal=0.15),
    ]  # fmt: skip
    lint = process([sys.executable, "-m", "rekisteri", "lint", str(register)], 5)
    for path in ("/", "/editor", "/notice/fi", "/publish", "/requests"):
        client.get(path)
        spent = statistics.median(timed(lambda path=path: client.get(path), 20))
        figures.append(
            Figure(f"webapp: page {path}, p50", spent, peer=lint, peer_name="rekisteri lint",
                   goal=0.1)
        )  # fmt: skip
    client.get("/editor/pdf/fi")
    pdf = statistics.median(timed(lambda: client.get("/editor/pdf/fi"), 5))
    out = register.parent / "render"
    render = process(
        [sys.executable, "-m", "rekisteri", "render", str(register), "--format", "pdf",
         "--lang", "fi", "-o", str(out), "--force"], 3,
    )  # fmt: skip
    figures.append(
        Figure("webapp: PDF preview, warm, p50", pdf, peer=render,
               peer_name="rekisteri render pdf", goal=0.5)
    )  # fmt: skip
    for _ in range(500 - 245):
        edit()
    halfway = resident_mib(pid)
    for _ in range(500):
        edit()
    after = resident_mib(pid)
    figures += [
        Figure("webapp: server memory after 1,000 edits", after, unit="MiB", goal=200),
        Figure("webapp: memory growth over the last 500 edits", after - halfway, unit="MiB",
               peer=halfway, peer_name="after 500"),
    ]  # fmt: skip
    return figures


if __name__ == "__main__":
    main()
