"""Connections and politeness for the synchronous client (``client.Client``).

* ``open_pools`` -- a urllib3 ``PoolManager`` (the pools requests is built on,
  without requests' per-request machinery, which cost as much CPU as the
  exchange itself) whose connections go to the addresses an ``AddressGuard``
  resolved and approved, never to a second DNS answer. TLS still verifies the
  certificate against the host name.
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

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError
from urllib3.util.connection import create_connection

from claimcheck.net.exchange import HostSpacing
from claimcheck.net.safety import AddressGuard

__all__ = ["HostLimiter", "open_pools", "read_body"]

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


def open_pools(guard: AddressGuard | None, *, pools: int, per_host: int, insecure: bool = False,
               ca_bundle: str | None = None) -> urllib3.PoolManager:
    """Connection pools for one run: ``pools`` hosts kept alive at once, ``per_host``
    connections each, no retries or redirects of their own (the probe does both).
    With a ``guard`` every connection is pinned to an approved address; without
    one (a cassette) urllib3's own classes are used, which vcrpy replaces."""
    if insecure:
        tls = {"cert_reqs": "CERT_NONE"}
    else:
        tls = {"cert_reqs": "CERT_REQUIRED", "ca_certs": ca_bundle or _default_bundle()}
    manager = urllib3.PoolManager(num_pools=max(10, pools), maxsize=max(1, per_host), block=False,
                                  retries=False, **tls)
    if guard is not None:
        manager.pool_classes_by_scheme = _pinned_classes(guard)
    return manager


def _default_bundle() -> str:
    import certifi  # the CA bundle requests uses: the same answers on every platform

    return certifi.where()


class HostLimiter:
    """Per-host concurrency (a semaphore each) and ``HostSpacing`` between starts."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._per_host = max(1, per_host)
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.Semaphore] = {}
        self.spacing = HostSpacing(delay)
        self.defer = self.spacing.defer

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._semaphores.setdefault(host, threading.Semaphore(self._per_host))
        with semaphore:
            if (wait := self.spacing.reserve(host)) > 0:
                time.sleep(wait)
            yield


def read_body(response: urllib3.BaseHTTPResponse, limit: int,
              deadline: float) -> tuple[bytes, bool]:
    """Up to ``limit`` decoded bytes of a streamed body, stopping at ``deadline``
    (a ``time.monotonic()`` value). Returns the bytes and whether the body was cut
    short. The caller closes the response, which drops the connection instead of
    draining the rest."""
    chunks: list[bytes] = []
    total = 0
    truncated = False
    try:
        for chunk in response.stream(min(_CHUNK, max(1, limit)), decode_content=True):
            chunks.append(chunk)
            total += len(chunk)
            if total >= limit:
                truncated = True
                break
            if time.monotonic() > deadline:
                truncated = True
                break
    except (HTTPError, OSError):
        truncated = True  # what arrived is still evidence; a cut body is not a verdict
    return b"".join(chunks)[:limit], truncated
