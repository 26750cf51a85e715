"""`rekisteri serve` as the owner starts it (issue 18): the printed start address, the session
it opens in a real server, and what it refuses before listening."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekisteri.cli import app
from rekisteri.web.guard import COOKIE
from rekisteri.web.server import is_loopback, plan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def test_serve_prints_a_start_address_that_opens_the_app_in_a_real_server(
    register: Path,
) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "rekisteri", "serve", str(register), "--no-browser", "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("The register's app is at http://127.0.0.1:"), line
        start = line.split(" at ", 1)[1].split(" ", 1)[0]
        origin, _, token = start.partition("/?token=")
        assert len(token) >= 40
        status, headers, _ = _get(start)
        assert status == 303 and headers["location"] == "/"
        cookie = headers["set-cookie"].split(";", 1)[0]
        assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in headers["set-cookie"]
        status, headers, html = _get(origin + "/", {"Cookie": cookie, "Accept-Language": "sv"})
        assert status == 200 and '<html lang="sv">' in html
        assert "server" not in {name.lower() for name in headers}
        assert _get(origin + "/")[0] == 403
        assert _get(origin + "/", {"Cookie": cookie, "Host": "evil.example"})[0] == 421
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=10)
    assert register.read_bytes() == EXAMPLE.read_bytes()


def test_serve_refuses_what_it_cannot_listen_on_before_starting(register: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["serve", str(register), "--no-browser", "--host", "example.com"])
    assert done.exit_code == 1 and "'example.com' is not an IP address" in done.output
    missing = runner.invoke(app, ["serve", str(register.with_name("nope.toml")), "--no-browser"])
    assert missing.exit_code == 1 and "no such register file" in missing.output
    with pytest.raises(Exception, match="cannot listen"):
        plan(register, host="192.0.2.1")  # TEST-NET-1: not an address of this machine


def test_only_the_loopback_interface_is_served_without_a_warning(register: Path) -> None:
    address = plan(register)
    assert address.host == "127.0.0.1" and address.port > 0
    assert address.hosts == (f"127.0.0.1:{address.port}", f"localhost:{address.port}")
    assert is_loopback("127.0.0.1") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    everywhere = plan(register, host="0.0.0.0")
    assert everywhere.hosts == (f"0.0.0.0:{everywhere.port}",)


def test_serve_warns_when_told_to_listen_beyond_this_machine(register: Path) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "rekisteri", "serve", str(register), "--no-browser",
         "--host", "0.0.0.0", "--lang", "fi"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None and server.stderr is not None
        started = server.stdout.readline()
        assert started.startswith("Rekisterin sovellus on osoitteessa http://0.0.0.0:")
    finally:
        server.send_signal(signal.SIGINT)
        _, errors = server.communicate(timeout=10)
    assert "Varoitus: kuunnellaan osoitteessa 0.0.0.0" in errors
