"""One HTTP/1.1 connection of the asyncio client: an ``asyncio.Protocol`` that
writes a request and parses the answer with httptools (llhttp, the parser of
Node.js) as the bytes arrive.

The client asks three things of a connection: ``head`` (send a request, wait
for the status and headers, skipping 1xx answers), ``read`` (the decoded body
up to a byte cap) and ``drain`` (the rest of a small body, to keep the
connection). A body is never read past what was asked: bytes beyond the cap
stop the reading (``pause_reading``) and the connection is then dropped.

Why a protocol and a C parser: the probe is CPU-bound at 64 requests in
flight on one core, and each millisecond of CPU per URL costs about half a
second on 1,000 URLs (docs/BENCHMARKS.md). h11 over asyncio streams took the
probe's CPU to 0.6 ms per URL; this takes it to 0.45 ms.
"""

from __future__ import annotations

import asyncio
import zlib

import httptools

from claimcheck import rx

__all__ = ["BadResponse", "Connection", "header_lines", "request_bytes"]

_BAD_VALUE = rx.compile(r"[\r\n\x00]")
_TOKEN = rx.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_SLACK = 65_536  # raw bytes kept past a cap: one read's worth, then reading stops


class BadResponse(Exception):
    """What came back is not HTTP/1.x."""


def header_lines(headers: list[tuple[str, str]]) -> str:
    """``Name: value`` lines, each ended by CRLF, or ValueError for a header HTTP
    cannot carry. A client prepares its fixed headers once with this."""
    lines = []
    for name, value in headers:
        if not _TOKEN.fullmatch(name) or _BAD_VALUE.search(value):
            raise ValueError(f"header {name!r} cannot be sent over HTTP")
        lines.append(f"{name}: {value}\r\n")
    return "".join(lines)


def request_bytes(method: str, target: str, headers: list[tuple[str, str]], prepared: str = "") -> bytes:
    """The request head: ``headers`` (checked here), then the ``prepared`` lines
    of ``header_lines``. ValueError for a header HTTP cannot carry."""
    return f"{method} {target} HTTP/1.1\r\n{header_lines(headers)}{prepared}\r\n".encode("latin-1")


class Connection(asyncio.Protocol):
    """A kept-alive connection; one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.lost = False  # the peer closed, or the connection broke
        self._waiter: asyncio.Future | None = None
        self._parser: httptools.HttpResponseParser | None = None
        self._head_request = False
        self._start()

    def _start(self) -> None:
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.head_done = False
        self.complete = False
        self.error: BaseException | None = None
        self.body: list[bytes] = []
        self.body_size = 0
        self._cap = _SLACK
        self._paused = False
        self._lengths: tuple[bool, bool] = (False, False)  # content-length, chunked
        self._keep_alive = False

    # -- what the client calls --------------------------------------------------

    def reusable(self) -> bool:
        return not self.lost and self.transport is not None and not self.transport.is_closing() \
            and self._parser is None

    def close(self) -> None:
        self.lost = True
        if self.transport is not None:
            self.transport.abort()  # no TLS goodbye: the peer learns from the reset

    async def head(self, request: bytes, *, is_head: bool, timeout: float) -> int:
        """Send ``request``; wait for the answer's status line and headers."""
        self._start()
        self._head_request = is_head
        self._parser = httptools.HttpResponseParser(self)
        self.transport.write(request)
        await self._until(lambda: self.head_done or self.error is not None or self.lost, timeout)
        if self.error is not None:
            raise self.error
        if not self.head_done:
            raise ConnectionResetError("the server closed the connection without an answer")
        return self.status

    async def read(self, limit: int, encoding: str | None,
                   timeout: float) -> tuple[bytes, bool]:
        """Up to ``limit`` decoded body bytes: (body, truncated). A body cut by the
        cap, the timeout, a broken connection or bad compression is truncated."""
        self._cap = limit + _SLACK
        if self._paused and self.body_size <= self._cap:  # paused under the head's smaller cap
            self._paused = False
            self.transport.resume_reading()
        decoder = _decoder(encoding)
        out: list[bytes] = []
        size = 0
        taken = 0
        try:
            async with asyncio.timeout(timeout):
                while True:
                    while taken < len(self.body):
                        raw = self.body[taken]
                        taken += 1
                        data = decoder.decompress(raw) if decoder is not None else raw
                        out.append(data)
                        size += len(data)
                        if size >= limit:
                            return b"".join(out)[:limit], True
                    if self.complete:
                        tail = decoder.flush() if decoder is not None else b""
                        body = b"".join([*out, tail])
                        return body[:limit], len(body) > limit
                    if self.error is not None or self.lost or self._paused:
                        return b"".join(out)[:limit], True
                    await self._next()
        except (TimeoutError, zlib.error):
            return b"".join(out)[:limit], True

    async def drain(self, timeout: float) -> bool:
        """Wait for the end of a small body; True when the connection can be kept."""
        try:
            await self._until(lambda: self.complete or self.error is not None or self.lost
                              or self._paused, timeout)
        except TimeoutError:
            return False
        return self.complete and self.error is None

    def finish(self) -> bool:
        """After an answer: True when the connection may carry the next request."""
        keep = self.complete and self.error is None and not self.lost and not self._paused \
            and self._keep_alive
        self._parser = None
        return keep

    # -- waiting ---------------------------------------------------------------

    async def _until(self, ready, timeout: float) -> None:
        if ready():
            return
        async with asyncio.timeout(timeout):
            while not ready():
                await self._next()

    async def _next(self) -> None:
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    # -- asyncio.Protocol --------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if self._parser is None:  # bytes nobody asked for: this connection is done
            self.close()
        elif not self.complete:
            try:
                self._parser.feed_data(data)
            except httptools.HttpParserUpgrade:
                self.complete = True  # a 101 answer: nothing more to read as HTTP
            except httptools.HttpParserError as exc:
                if not self.complete:  # bytes after a HEAD answer are not its body
                    self.error = BadResponse(str(exc) or type(exc).__name__)
        self._wake()

    def eof_received(self) -> bool:
        self.lost = True
        content_length, chunked = self._lengths
        if self.head_done and not self.complete and not content_length and not chunked:
            self.complete = True  # a body delimited by the end of the connection
        self._wake()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if exc is not None and self.error is None and not self.complete:
            self.error = exc
        self._wake()

    # -- httptools callbacks -------------------------------------------------------

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        status = self._parser.get_status_code()
        if 100 <= status < 200 and status != 101:
            self.headers = []  # informational (103 Early Hints): the answer follows
            return
        self.status = status
        self.head_done = True
        names = {name.lower() for name, _ in self.headers}
        chunked = any(name.lower() == b"transfer-encoding" and b"chunked" in value.lower()
                      for name, value in self.headers)
        self._lengths = (b"content-length" in names, chunked)
        # asked now: once the message is complete the parser has forgotten its headers
        self._keep_alive = self._parser.should_keep_alive()
        if self._head_request:
            self.complete = True  # no body follows the answer to a HEAD

    def on_body(self, body: bytes) -> None:
        if self.complete:
            return
        self.body.append(body)
        self.body_size += len(body)
        if self.body_size > self._cap and not self._paused:
            self._paused = True  # past what anyone will read: stop taking bytes
            self.transport.pause_reading()

    def on_message_complete(self) -> None:
        if self.status is not None:  # not the end of a 1xx
            self.complete = True


def _decoder(encoding: str | None):
    encoding = (encoding or "").strip().lower()
    if encoding in {"gzip", "x-gzip"}:
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return _Deflate()
    return None


class _Deflate:
    """``deflate`` as servers send it: zlib-wrapped, or (wrongly, but often) raw."""

    def __init__(self) -> None:
        self._inner = None

    def decompress(self, data: bytes) -> bytes:
        if self._inner is None:
            self._inner = zlib.decompressobj()
            try:
                return self._inner.decompress(data)
            except zlib.error:
                self._inner = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._inner.decompress(data)

    def flush(self) -> bytes:
        return self._inner.flush() if self._inner is not None else b""
