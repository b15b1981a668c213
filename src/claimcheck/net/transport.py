"""Sessions, connections and politeness: the parts of probing that touch sockets.

* ``PinnedAdapter`` -- a requests adapter whose connections go to the
  addresses an ``AddressGuard`` resolved and approved, never to a second DNS
  answer. TLS still verifies the certificate against the host name.
* ``HostLimiter`` -- at most ``per_host`` requests in flight to one host, and
  ``per_host_delay`` seconds between two request starts; a ``Retry-After``
  pushes the host's next slot back for every worker, not just the one that
  was told.
* ``read_body`` -- reads a streamed body up to a byte cap and a deadline, and
  never further.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util.connection import create_connection

from claimcheck.net.safety import AddressGuard

__all__ = ["HostLimiter", "PinnedAdapter", "parse_retry_after", "read_body"]

_CHUNK = 16_384


def _pinned_classes(guard: AddressGuard) -> dict[str, type[HTTPConnectionPool]]:
    """Pool classes for ``http``/``https`` whose connections ask ``guard`` where to go."""

    def new_conn(self: HTTPConnection):  # replaces HTTPConnection._new_conn
        addresses = guard.resolve(self._dns_host, self.port)  # raises when refused
        last_error: OSError | None = None
        for address in addresses:
            try:
                return create_connection((address, self.port), self.timeout,
                                         source_address=self.source_address,
                                         socket_options=self.socket_options)
            except TimeoutError as exc:
                raise ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})",
                ) from exc
            except OSError as exc:
                last_error = exc
        raise NewConnectionError(self, f"Failed to establish a new connection: {last_error}")

    http_conn = type("PinnedHTTPConnection", (HTTPConnection,), {"_new_conn": new_conn})
    https_conn = type("PinnedHTTPSConnection", (HTTPSConnection,), {"_new_conn": new_conn})
    return {
        "http": type("PinnedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
        "https": type("PinnedHTTPSConnectionPool", (HTTPSConnectionPool,),
                      {"ConnectionCls": https_conn}),
    }


class PinnedAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` that connects only where ``guard`` allows, with no retries
    of its own (the probe retries) and pools sized for the worker pool."""

    def __init__(self, guard: AddressGuard, *, pool_connections: int, pool_maxsize: int) -> None:
        self._pool_classes = _pinned_classes(guard)
        super().__init__(pool_connections=pool_connections, pool_maxsize=pool_maxsize,
                         max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self._pool_classes)

    def __getstate__(self):  # pragma: no cover - adapters are never pickled here
        raise TypeError("PinnedAdapter cannot be pickled")


class HostLimiter:
    """Per-host concurrency (a semaphore each) and spacing between request starts."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._per_host = max(1, per_host)
        self._delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._semaphores.setdefault(host, threading.Semaphore(self._per_host))
        semaphore.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, 0.0))
                self._next_start[host] = start + self._delay
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            semaphore.release()

    def defer(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts in the next ``seconds`` (a Retry-After)."""
        with self._lock:
            until = time.monotonic() + seconds
            self._next_start[host] = max(self._next_start.get(host, 0.0), until)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def read_body(response: requests.Response, limit: int, deadline: float) -> tuple[bytes, bool]:
    """Up to ``limit`` decoded bytes of a streamed body, stopping at ``deadline``
    (a ``time.monotonic()`` value). Returns the bytes and whether the body was cut
    short. The caller closes the response, which drops the connection instead of
    draining the rest."""
    chunks: list[bytes] = []
    total = 0
    truncated = False
    try:
        for chunk in response.iter_content(chunk_size=min(_CHUNK, max(1, limit))):
            chunks.append(chunk)
            total += len(chunk)
            if total >= limit:
                truncated = True
                break
            if time.monotonic() > deadline:
                truncated = True
                break
    except (requests.RequestException, OSError):
        truncated = True  # what arrived is still evidence; a cut body is not a verdict
    return b"".join(chunks)[:limit], truncated
