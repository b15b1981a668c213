"""Shared pytest options and fixtures."""

from __future__ import annotations

import errno
import ipaddress
import socket
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", default=False,
        help="rewrite tests/golden/* from the current output instead of comparing "
             "(review the diff before committing it)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """``golden(name, text)``: assert text equals tests/golden/<name>, or rewrite the
    file when pytest runs with --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        if not path.exists():
            pytest.fail(f"no golden file {path}; run pytest --update-goldens and review it")
        expected = path.read_bytes().decode("utf-8")
        assert text == expected, f"{name} differs from its golden (accept: pytest --update-goldens)"

    return check


# -- the network rule: no test reaches past 127.0.0.0/8, and no real name is looked up

_REAL_GETADDRINFO = socket.getaddrinfo
_REAL_CONNECT = socket.socket.connect
_REAL_CONNECT_EX = socket.socket.connect_ex
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host) -> bool:
    if host is None:
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    if text.lower().rstrip(".") in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkGuard:
    """What tests tried to reach outside loopback (each attempt is refused)."""

    def __init__(self) -> None:
        self.lookups: list[str] = []
        self.connects: list[object] = []

    def getaddrinfo(self, host, *args, **kwargs):
        if not _is_loopback(host):
            self.lookups.append(str(host))
            raise socket.gaierror(socket.EAI_NONAME, f"test network guard: no lookup of {host!r}")
        return _REAL_GETADDRINFO(host, *args, **kwargs)

    def allowed(self, sock, address) -> bool:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return True
        if _is_loopback(address[0]):
            return True
        self.connects.append(address)
        return False


@pytest.fixture(autouse=True)
def network_guard(monkeypatch):
    """Refuse every DNS lookup of a non-loopback name and every connection outside
    127.0.0.0/8 (and ::1), in every test; the attempts are recorded."""
    guard = NetworkGuard()

    def connect(sock, address):
        if not guard.allowed(sock, address):
            raise OSError(errno.ENETUNREACH, f"test network guard: no connection to {address!r}")
        return _REAL_CONNECT(sock, address)

    def connect_ex(sock, address):
        if not guard.allowed(sock, address):
            return errno.ENETUNREACH
        return _REAL_CONNECT_EX(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", guard.getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return guard
