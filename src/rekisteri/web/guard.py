"""Who may talk to the local app, and what every answer says about itself.

A local server that shows health data is reachable by every program on the machine and, through
DNS rebinding or a form on a foreign page, by every web site the owner visits. So, on every
request, before any route runs (as Jupyter does it):

- the ``Host`` header must name the address the server was started on (a rebound name is
  refused, whatever address it resolves to);
- the browser must hold the session cookie, which it gets only by opening the start address
  with its random token; the cookie is ``HttpOnly`` and ``SameSite=Strict``, and the token is
  taken out of the address at once (a redirect), so it stays out of the history;
- a request that changes anything (any method but GET and HEAD) must come from the app's own
  origin (``Origin``), be a form (``application/x-www-form-urlencoded``, at most 1 MiB) and
  carry the session's CSRF token in its ``csrf`` field;
- every answer carries a Content-Security-Policy that lets a page load only the app's own
  styles and scripts (an inline style only by its hash), and headers that keep it out of
  frames, caches and referrers.

A refusal is a short page in plain text saying what to do, in the browser's language (the
app's ``explain``, from the "web" catalog).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Explain = Callable[[str, str], str]
"""A refusal's English text and the request's Accept-Language → the text to show."""


def N_(message: str) -> str:
    """Marks a refusal's text for the "web" catalog; the app's ``explain`` translates it."""
    return message


NOT_THIS_ADDRESS = N_("This is not the address that rekisteri serve printed.")
NO_SESSION = N_("Open the address that rekisteri serve printed, with its token.")
NOT_OUR_PAGE = N_("A change must come from rekisteri's own pages.")
NOT_A_FORM = N_("A change is sent as a form of rekisteri's own pages.")
TOO_LARGE = N_("The form is too large.")
STALE_PAGE = N_("The page was out of date: reload it and try again.")
NOT_SERVED = N_("This is not served.")

COOKIE = "rekisteri_session"
TOKEN_PARAMETER = "token"
CSRF_FIELD = "csrf"
MAX_FORM = 1 << 20
SAFE_METHODS = frozenset({"GET", "HEAD"})

# The app's own resources only; a style or script in the page itself only by its hash
# (Session.policy). No frames, no plugins, forms post back here.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'{styles}; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    # Not no-referrer: under it Chromium sends "Origin: null" with a form, which the guard must
    # refuse; same-origin sends nothing to another origin, as no-referrer does.
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


@dataclass(frozen=True)
class Session:
    """The secrets of one server run: the start token, the cookie it is exchanged for, and the
    CSRF token of the forms. Each is 32 random bytes; none is ever written to disk."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    cookie: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))


def style_hashes(styles: Iterable[str]) -> str:
    """The CSP sources that allow exactly these inline ``<style>`` contents."""
    sources = []
    for style in styles:
        digest = hashlib.sha256(style.encode("utf-8")).digest()
        sources.append("'sha256-" + _b64(digest) + "'")
    return "".join(" " + source for source in sorted(set(sources)))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


class Guard:
    """ASGI middleware in front of the app: see the module's docstring."""

    def __init__(
        self, app: ASGIApp, session: Session, hosts: Iterable[str], explain: Explain
    ) -> None:
        self.app = app
        self.session = session
        self.explain = explain
        self.hosts = frozenset(host.lower() for host in hosts)
        self.origins = frozenset(f"http://{host}" for host in self.hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        refuse = self._refusal(send, headers)
        if scope["type"] == "websocket":
            # The app has no websocket: the handshake is declined (an HTTP answer is no
            # websocket message, and a server would drop it unsaid).
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await refuse(403, NOT_SERVED)
            return
        if headers.get("host", "").lower() not in self.hosts:
            await refuse(421, NOT_THIS_ADDRESS)
            return
        token = _token(scope)
        if scope["method"] == "GET" and token is not None:
            if hmac.compare_digest(token, self.session.token):
                await self._start(scope, send)
            else:
                await refuse(403, NOT_THIS_ADDRESS)
            return
        if not self._has_cookie(headers):
            await refuse(403, NO_SESSION)
            return
        if scope["method"] not in SAFE_METHODS:
            body = await self._checked_form(receive, refuse, headers)
            if body is None:
                return
            receive = _replay(body)
        await self.app(scope, receive, _with_headers(send))

    def _has_cookie(self, headers: dict[str, str]) -> bool:
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no session
            return False
        morsel = cookie.get(COOKIE)
        return morsel is not None and hmac.compare_digest(morsel.value, self.session.cookie)

    async def _start(self, scope: Scope, send: Send) -> None:
        """The start address: the token becomes the session cookie, and the browser is sent on
        to the same page without the token in its address."""
        query = {
            k: v for k, v in parse_qs(_query(scope), keep_blank_values=True).items()
            if k != TOKEN_PARAMETER
        }  # fmt: skip
        target = scope["path"] + ("?" + urlencode(query, doseq=True) if query else "")
        cookie = f"{COOKIE}={self.session.cookie}; Path=/; HttpOnly; SameSite=Strict"
        await _with_headers(send)(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", target.encode("latin-1")),
                    (b"set-cookie", cookie.encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    def _refusal(
        self, send: Send, headers: dict[str, str]
    ) -> Callable[[int, str], Awaitable[None]]:
        async def refuse(status: int, text: str) -> None:
            await _refuse(send, status, self.explain(text, headers.get("accept-language", "")))

        return refuse

    async def _checked_form(
        self,
        receive: Receive,
        refuse: Callable[[int, str], Awaitable[None]],
        headers: dict[str, str],
    ) -> bytes | None:
        if headers.get("origin", "").lower() not in self.origins:
            await refuse(403, NOT_OUR_PAGE)
            return None
        kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            await refuse(415, NOT_A_FORM)
            return None
        body = b""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk: bytes = message.get("body", b"")
            body += chunk
            if len(body) > MAX_FORM:
                await refuse(413, TOO_LARGE)
                return None
            if not message.get("more_body", False):
                break
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        given = fields.get(CSRF_FIELD, [""])
        if len(given) != 1 or not hmac.compare_digest(given[0], self.session.csrf):
            await refuse(403, STALE_PAGE)
            return None
        return body


def _headers(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        key = name.decode("latin-1").lower()
        if key in found:
            # Two Host or Origin headers are one too many to trust.
            twice = key in ("host", "origin")
            found[key] = "\0" if twice else found[key] + "; " + value.decode("latin-1")
        else:
            found[key] = value.decode("latin-1")
    return found


def _query(scope: Scope) -> str:
    raw: bytes = scope.get("query_string", b"")
    return raw.decode("latin-1")


def _token(scope: Scope) -> str | None:
    values = parse_qs(_query(scope), keep_blank_values=True).get(TOKEN_PARAMETER)
    return values[0] if values else None


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _with_headers(send: Send) -> Send:
    """``send`` that adds the security headers, and the default policy where the app set none."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {name.lower() for name, _ in headers}
            headers += [header for header in HEADERS if header[0] not in names]
            if b"content-security-policy" not in names:
                headers.append((b"content-security-policy", POLICY.format(styles="").encode()))
            message = {**message, "headers": headers}
        await send(message)

    return sending


async def _refuse(send: Send, status: int, text: str) -> None:
    await _with_headers(send)(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": (text + "\n").encode("utf-8")})
