"""Starting the local app: the address, the browser, and the refusal to listen elsewhere."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rekisteri.documents import i18n
from rekisteri.errors import Input, RekisteriError
from rekisteri.web.guard import N_, TOKEN_PARAMETER, Session

LOOPBACK = "127.0.0.1"
SERVING = N_("The register's app is at %(address)s (Ctrl+C stops it).")
NOT_LOOPBACK = N_(
    "Warning: listening on %(host)s, which other machines may reach: anyone who learns the "
    "start address can read the register and its requests."
)
_LANGUAGES = ("fi", "sv", "en")


def message_language(lang: str) -> str:
    """The language ``serve`` speaks: the register's, when the app speaks it, else English."""
    return lang if lang in _LANGUAGES else "en"


def message(lang: str, text: str, **values: str) -> str:
    return i18n.translations(lang, "web").gettext(text) % values


@dataclass(frozen=True)
class Address:
    """Where the app listens, and the start address that holds the token."""

    host: str
    port: int
    session: Session

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def start(self) -> str:
        return f"{self.origin}/?{TOKEN_PARAMETER}={self.session.token}"

    @property
    def hosts(self) -> tuple[str, ...]:
        """The Host headers a browser sends for this address (``localhost`` as well, on the
        loopback interface)."""
        named = self.origin.removeprefix("http://")
        if self.host == LOOPBACK:
            return (named, f"localhost:{self.port}")
        return (named,)


def plan(register: Path, *, host: str | None = None, port: int = 0) -> Address:
    """The address to serve ``register`` on: the loopback interface unless ``host`` names
    another, on ``port`` (0: a free one). Refuses a register that does not exist, a host that
    is not an address, and a port in use, before anything listens."""
    if not register.is_file():
        raise RekisteriError.at(register, "no such register file", hint="give the register's path")
    chosen = host or LOOPBACK
    try:
        address = ipaddress.ip_address(chosen)
    except ValueError:
        raise RekisteriError.naming(
            f"{chosen!r} is not an IP address; give one (",
            Input("host", "the address to listen on", placeholder="ADDRESS"),
            "), e.g. 127.0.0.1",
        ) from None
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((chosen, port))
        except OSError as exc:
            raise RekisteriError(
                f"cannot listen on {chosen} port {port}: {exc.strerror or exc}"
            ) from None
        free = probe.getsockname()[1]
    return Address(chosen, free, Session())


def is_loopback(host: str) -> bool:
    return ipaddress.ip_address(host).is_loopback


def serve(
    register: Path,
    address: Address,
    *,
    ready: Callable[[Address], None] | None = None,
    site: Path | None = None,
) -> None:
    """Serve the app for ``register`` at ``address`` until interrupted; ``ready`` is called once
    the server listens (the CLI prints the address and opens the browser there); ``site`` is
    the folder the app publishes into (``site`` beside the register when not given)."""
    # uvicorn, Starlette and the app load only for `rekisteri serve`, not with this module.
    import uvicorn

    # Starlette with it: the CLI imports this module to plan the address before it serves.
    from rekisteri.web.app import create_app

    app = create_app(register.resolve(), address.session, address.hosts, site=site)
    config = uvicorn.Config(
        app,
        host=address.host,
        port=address.port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        date_header=False,
        proxy_headers=False,
    )

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if self.started and ready is not None:
                ready(address)

    Server(config).run()
