"""Loopback HTTP(S) servers and helpers for the network tests.

Every server binds to a 127.0.0.x address on a free port; nothing here (or in
a test using it) reaches beyond 127.0.0.0/8. ``guard_network`` makes sure of
it: any ``getaddrinfo`` of a name, or a connection outside loopback, fails the
test.

    with LoopServer() as server:
        server.page("/ok", "<title>Fine</title>")
        server.route("/flaky", handler)   # handler(request) -> None, writes the answer
        url = server.url("/ok")
"""

from __future__ import annotations

import ipaddress
import socket
import socketserver
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claimcheck.net import ProbeOptions

Handler = Callable[["Request"], None]


def options(**changes) -> ProbeOptions:
    """Fast, hermetic defaults for tests: short timeouts and backoff, no cache, no
    archive lookups, loopback allowed."""
    base = dict(timeout=2.0, retries=2, backoff=0.01, retry_after_cap=1.0, use_cache=False,
                archive_lookup=False, allow_private=True, max_concurrency=8)
    base.update(changes)
    return ProbeOptions(**base)


def loopback_resolver(mapping: dict[str, str] | None = None, *, default: str | None = "127.0.0.1"):
    """A resolver for ``check_links``: names in ``mapping`` (or any name, to
    ``default``) resolve to loopback addresses; others fail like NXDOMAIN."""
    mapping = mapping or {}
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        if host in mapping:
            return [mapping[host]]
        if default is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [default]

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


@pytest.fixture
def guard_network(monkeypatch):
    """Fail loudly if anything resolves a name or connects outside 127.0.0.0/8."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        text = host.decode() if isinstance(host, bytes) else str(host)
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise AssertionError(f"test tried to resolve the name {text!r}") from None
        if not address.is_loopback:
            raise AssertionError(f"test tried to reach {text}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            if not ipaddress.ip_address(address[0].split("%")[0]).is_loopback:
                raise AssertionError(f"test tried to connect to {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)


class Request:
    """What a route handler gets: the request line and ways to answer it."""

    def __init__(self, handler: BaseHTTPRequestHandler, server: LoopServer) -> None:
        self.handler = handler
        self.server = server
        self.method = handler.command
        self.path = handler.path
        self.headers = handler.headers
        self._waiting = True

    def stop_waiting(self) -> None:
        """Count this request out of ``server.active``, once. It happens before
        the first byte of the answer goes out: a client cannot see the answer,
        free its slot and send the next request before the count drops, so
        ``server.peak`` never counts one request too many."""
        if self._waiting:
            self._waiting = False
            with self.server.lock:
                self.server.active -= 1

    def send(self, status: int, body: bytes | str = b"", *, content_type: str = "text/html",
             headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.stop_waiting()
        h = self.handler
        h.send_response(status)
        if content_type:
            h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        if self.method != "HEAD":
            self.write(data)

    def redirect(self, status: int, location: str, headers: dict[str, str] | None = None) -> None:
        self.send(status, b"", headers={"Location": location, **(headers or {})})

    def write(self, data: bytes) -> bool:
        """Write body bytes, counting them; False once the client has gone."""
        try:
            self.handler.wfile.write(data)
            self.handler.wfile.flush()
        except OSError:
            return False
        with self.server.lock:
            self.server.bytes_sent += len(data)
        return True


class LoopServer:
    """A threaded HTTP server on ``host`` (127.0.0.x) with a route table, hit
    counts and the peak number of requests waiting for their answer at once."""

    def __init__(self, host: str = "127.0.0.1", *, port: int = 0,
                 tls: ssl.SSLContext | None = None, send_buffer: int | None = None,
                 keep_alive: bool = False) -> None:
        assert ipaddress.ip_address(host).is_loopback
        self.host = host
        self._port = port
        self.tls = tls
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.active = 0
        self.peak = 0
        self.bytes_sent = 0
        self.connections = 0
        self._keep_alive = keep_alive
        self._send_buffer = send_buffer
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- routes ---------------------------------------------------------------

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def page(self, path: str, html: str, status: int = 200, *,
             content_type: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.route(path, lambda r: r.send(status, html, content_type=content_type, headers=headers))

    def redirect(self, path: str, location: str, status: int = 301) -> None:
        self.route(path, lambda r: r.redirect(status, location))

    def sequence(self, path: str, *answers: Handler) -> None:
        """Answer the n-th request to ``path`` with ``answers[n]`` (the last repeats)."""
        count = [0]

        def handler(request: Request) -> None:
            with self.lock:
                index = min(count[0], len(answers) - 1)
                count[0] += 1
            answers[index](request)

        self.route(path, handler)

    def count(self, path: str | None = None, method: str | None = None) -> int:
        with self.lock:
            return sum(n for (m, p), n in self.hits.items()
                       if (path is None or p == path) and (method is None or m == method))

    # -- lifecycle --------------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return self._httpd.server_address[1]

    def url(self, path: str = "/") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}{path}"

    def start(self) -> LoopServer:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if self._keep_alive else "HTTP/1.0"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def _dispatch(self) -> None:
                path = self.path.split("?", 1)[0] if self.path not in server.routes else self.path
                with server.lock:
                    server.hits[(self.command, path)] += 1
                    server.active += 1
                    server.peak = max(server.peak, server.active)
                request = Request(self, server)
                try:
                    handler = server.routes.get(self.path) or server.routes.get(path)
                    if handler is None:
                        request.send(404, "<title>Not Found</title><h1>Not Found</h1>")
                    else:
                        handler(request)
                except OSError:
                    pass
                finally:
                    request.stop_waiting()

            do_GET = do_HEAD = _dispatch

        class _Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def server_bind(self) -> None:
                # HTTPServer.server_bind calls socket.getfqdn, a reverse DNS lookup
                # that may leave the machine: bind without it.
                socketserver.TCPServer.server_bind(self)
                self.server_name, self.server_port = self.server_address[:2]

            def get_request(self):
                sock, address = super().get_request()
                with server.lock:
                    server.connections += 1
                if server._send_buffer:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, server._send_buffer)
                return sock, address

        self._httpd = _Server((self.host, self._port), _Handler)
        if self.tls is not None:
            self._httpd.socket = self.tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> LoopServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def slow(seconds: float, then: Handler) -> Handler:
    def handler(request: Request) -> None:
        time.sleep(seconds)
        then(request)

    return handler


def answer(status: int, body: str = "", **kwargs) -> Handler:
    return lambda request: request.send(status, body, **kwargs)
