"""Shared fixtures of the tests_sources_* modules (no tests here).

Network rule: nothing leaves 127.0.0.0/8 and no real name is looked up.
``no_external_network`` enforces it for every test that uses these fixtures:
``socket.getaddrinfo`` answers only IP literals on loopback, and a connection
anywhere else fails the test. Sources are served by a pytest-httpserver bound
to 127.0.0.1; Crossref and the Wayback Machine answer from cassettes in
``cassettes/``.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from claimcheck.sources import SourceOptions

CASSETTES = Path(__file__).parent.parent / "cassettes"
LOOPBACK = "127.0.0.1"


def _is_loopback(host) -> bool:
    try:
        return ipaddress.ip_address(str(host).strip("[]")).is_loopback
    except ValueError:
        return False


class ExternalTraffic(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_external_network(monkeypatch):
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            raise ExternalTraffic(f"DNS lookup of {host!r} attempted in a test")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(host):
            raise ExternalTraffic(f"connection to {address!r} attempted in a test")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "gethostbyname", lambda host: (_ for _ in ()).throw(
        ExternalTraffic(f"DNS lookup of {host!r} attempted in a test")))
    monkeypatch.setattr(socket.socket, "connect", connect)
    yield


@pytest.fixture(scope="module")
def source_server():
    server = HTTPServer(host=LOOPBACK, port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def server(source_server):
    source_server.clear()
    yield source_server
    source_server.clear()


def loopback_options(**overrides) -> SourceOptions:
    """Options that reach a loopback test server and nothing else."""
    base = dict(allowed_hosts=(LOOPBACK,), retries=0, backoff=0.01, timeout=5.0,
                archive_lookup=False, registry=False, mailto="test@example.org",
                openalex_key=None, fetch_concurrency=4)
    base.update(overrides)
    return SourceOptions(**base)


def make_pdf(pages: list[str], title: str = "") -> bytes:
    """A PDF with one page per string (core font, text wrapped)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def html_page(title: str, *paragraphs: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><nav><a href='/'>Home</a> | <a href='/about'>About</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright the ministry. All rights reserved.</footer></body></html>")


def cassette_for_port(name: str, port: int, tmp_path: Path) -> Path:
    """A hand-written cassette whose URIs name the loopback test server: its
    ``LOOPBACK_PORT`` placeholder is filled with the server's port."""
    text = (CASSETTES / name).read_text("utf-8").replace("LOOPBACK_PORT", str(port))
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path
