"""The asyncio client's own duties, against loopback servers: compressed, chunked
and close-delimited bodies, request targets, kept-alive connections the server
dropped, informational answers, and the cookie jar and headers it shares with
the synchronous client."""

from __future__ import annotations

import gzip
import socket
import threading
import zlib

import pytest
from net_servers import LoopServer, guard_network, options

from claimcheck.net.exchange import CookieJar, Headers
from claimcheck.net.probe import check_links

pytestmark = pytest.mark.usefixtures("guard_network")
_ = guard_network

PAGE = "<html><head><title>A paper</title></head><body><h1 id='intro'>Intro</h1></body></html>"


@pytest.fixture
def server():
    with LoopServer(keep_alive=True) as srv:
        yield srv


@pytest.mark.parametrize("encoding, compress", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
])
def test_compressed_bodies_are_decoded(server, encoding, compress):
    body = compress(PAGE.encode())
    server.route("/page", lambda r: r.send(200, body, content_type="text/html",
                                           headers={"Content-Encoding": encoding}))
    results = check_links([server.url("/page#intro"), server.url("/page#nowhere")], options())
    assert results[server.url("/page#intro")].verdict == "ok"
    assert results[server.url("/page#nowhere")].verdict == "fragment_missing"


def test_request_target_is_percent_encoded_once(server):
    seen: list[str] = []

    def record(request):
        seen.append(request.path)
        request.send(200, PAGE)

    server.route("/caf%C3%A9/a%20b?q=%C3%A9", record)
    server.route("/café/a b?q=é", record)
    url = server.url("/café/a b?q=é")
    assert check_links([url], options())[url].verdict == "ok"
    already = server.url("/caf%C3%A9/a%20b?q=%C3%A9")
    assert check_links([already], options())[already].verdict == "ok"
    assert seen == ["/caf%C3%A9/a%20b?q=%C3%A9"] * 2


def test_a_kept_alive_connection_the_server_dropped_is_replaced():
    """The server answers with keep-alive, then closes the idle connection:
    the next request must go over a new connection, not fail."""
    with LoopServer(keep_alive=True) as server:
        def answer_then_hang_up(request):
            request.send(200, PAGE)
            request.handler.close_connection = True  # closes after the answer, without saying so

        for n in range(3):
            server.route(f"/p{n}", answer_then_hang_up)
        urls = [server.url(f"/p{n}") for n in range(3)]
        results = check_links(urls, options(max_concurrency=1, retries=0))
        assert [r.verdict for r in results.values()] == ["ok"] * 3
        assert server.connections == 3


class _RawServer:
    """One-shot loopback server that answers every request with fixed bytes."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                conn.sendall(self.answer)

    def close(self) -> None:
        self.sock.close()


def test_an_informational_answer_before_the_real_one_is_skipped():
    raw = _RawServer(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                     b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                     b"Connection: close\r\n\r\n%s" % (len(PAGE), PAGE.encode()))
    try:
        url = f"http://127.0.0.1:{raw.port}/hints"
        result = check_links([url], options(retries=0))[url]
        assert (result.verdict, result.http_status) == ("ok", 200)
    finally:
        raw.close()


@pytest.mark.parametrize("framing", ["chunked", "close-delimited"])
def test_bodies_framed_without_a_length_are_read(framing):
    page = PAGE.encode()
    if framing == "chunked":
        body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (page[:40], page[40:]))
        answer = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
                  b"\r\n" + body + b"0\r\n\r\n")
    else:
        answer = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    raw = _RawServer(answer)
    try:
        found, missing = (f"http://127.0.0.1:{raw.port}/{framing}#{anchor}" for anchor in ("intro", "gone"))
        results = check_links([found, missing], options(retries=0, max_concurrency=1))
        assert (results[found].verdict, results[missing].verdict) == ("ok", "fragment_missing")
    finally:
        raw.close()


def test_a_garbled_answer_is_broken_not_a_crash():
    raw = _RawServer(b"SMTP ready\r\n\r\n")
    try:
        url = f"http://127.0.0.1:{raw.port}/"
        result = check_links([url], options(retries=0))[url]
        assert result.verdict == "broken" and "bad HTTP response" in result.error
    finally:
        raw.close()


def test_a_header_value_http_cannot_carry_is_invalid_not_sent(server):
    server.page("/p", PAGE)
    url = server.url("/p")
    result = check_links([url], options(headers={"X-Note": "two\r\nlines"}))[url]
    assert result.verdict == "broken" and server.count("/p") == 0


def test_headers_are_case_insensitive_and_keep_cookies_apart():
    headers = Headers([("Content-Type", "text/html"), ("Set-Cookie", "a=1"),
                       ("set-cookie", "b=2; Domain=example.org"), ("Vary", "Accept"),
                       ("vary", "Cookie")])
    assert headers["content-type"] == headers.get("CONTENT-TYPE") == "text/html"
    assert headers.get("Vary") == "Accept, Cookie" and "VARY" in headers
    assert headers.cookies == ["a=1", "b=2; Domain=example.org"]
    assert headers.get("Location") is None


def test_cookie_jar_sends_cookies_only_where_they_belong():
    jar = CookieJar()
    jar.learn("www.example.org", ["session=abc; Path=/; HttpOnly", "site=1; Domain=.example.org",
                                  "evil=1; Domain=other.net", "broken cookie line ==="])
    assert jar.header("www.example.org") == "session=abc; site=1"
    assert jar.header("docs.example.org") == "site=1"
    assert jar.header("other.net") is None
    jar.learn("www.example.org", ["session=gone; Max-Age=0"])
    assert jar.header("www.example.org") == "site=1"
    state = jar.state()
    jar.clear()
    assert state and jar.state() == ()


def test_connections_that_timed_out_or_answered_garbage_are_closed(server, recwarn):
    """A socket given up on is closed at once, not left to the garbage collector
    (which would warn "unclosed transport")."""
    import gc

    from net_servers import answer, slow

    server.route("/slow", slow(0.6, answer(200, PAGE)))
    garbled = _RawServer(b"SMTP ready\r\n\r\n")
    try:
        urls = [server.url("/slow"), f"http://127.0.0.1:{garbled.port}/"]
        results = check_links(urls, options(timeout=0.2, retries=0))
        assert [r.verdict for r in results.values()] == ["timeout", "broken"]
    finally:
        garbled.close()
    gc.collect()
    assert not [w for w in recwarn if issubclass(w.category, ResourceWarning)]
