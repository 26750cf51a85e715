"""The local app (rekisteri.web) called through its ASGI interface, as a browser on the same
machine calls it: for the tests of the app and of the HTML it serves."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from rekisteri.web.app import create_app
from rekisteri.web.guard import COOKIE, Session

HOST = "127.0.0.1:8123"
ORIGIN = f"http://{HOST}"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Browser:
    """Requests to the app as a browser on the same machine sends them."""

    def __init__(self, register: Path, session: Session | None = None) -> None:
        self.session = session or Session()
        self.app = create_app(register, self.session, (HOST, "localhost:8123"))

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        cookie: bool = True,
        body: bytes | None = None,
    ) -> Answer:
        sent = {"host": HOST, "accept-language": "en", **(headers or {})}
        if cookie:
            sent.setdefault("cookie", f"{COOKIE}={self.session.cookie}")
        if form is not None:
            body = urlencode(form).encode()
            sent.setdefault("content-type", "application/x-www-form-urlencoded")
            sent.setdefault("origin", ORIGIN)
        path, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(k.encode(), v.encode()) for k, v in sent.items() if v is not None],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8123),
        }
        return asyncio.run(_call(self.app, scope, body or b""))


async def _call(app: object, scope: dict[str, object], body: bytes) -> Answer:
    incoming = [{"type": "http.request", "body": body, "more_body": False}]
    out: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        out.append(message)

    await app(scope, receive, send)  # type: ignore[operator]
    start = out[0]
    pairs = [(k.decode(), v.decode()) for k, v in start["headers"]]  # type: ignore[attr-defined]
    body_out = b"".join(m.get("body", b"") for m in out[1:])  # type: ignore[misc]
    return Answer(
        start["status"],  # type: ignore[arg-type]
        {k: v for k, v in pairs if k != "set-cookie"},
        [v for k, v in pairs if k == "set-cookie"],
        body_out,
    )
