"""The asyncio client: how the live link probe reaches the network.

The probe's ``max_concurrency`` workers share one event loop. ``wire.Connection``
speaks HTTP/1.1 on one socket (httptools parses); this module keeps the
connections per host (at most ``per_host``, the limiter's own bound), opens
them (TLS through the standard library), and applies timeouts and retries.
Like the synchronous client (``client.Client``), it never follows a redirect
itself, reads a body only as far as the caller's ``BodyPlan`` says, and
retries by ``exchange``'s policy.

Safety is the same as the synchronous client's: a connection goes only to an
address the ``AddressGuard`` resolved and approved for that host (the socket is
opened to that address, the TLS certificate is still checked against the host
name), so no second DNS answer is ever used.

Why not threads: at 64 requests in flight, 64 threads spent as much CPU
handing the GIL to each other as on the exchanges, and the probe became
CPU-bound on two cores (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import asyncio
import ssl
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import SplitResult, quote

from claimcheck import __version__, rx
from claimcheck.net import ProbeOptions
from claimcheck.net.exchange import (
    BodyPlan,
    CookieJar,
    Headers,
    HostSpacing,
    Outcome,
    connect_kind,
    request_headers,
    retry_after,
    retry_wait,
    short_error,
    small_body,
    split_url,
    wants_retry,
)
from claimcheck.net.safety import AddressGuard, AddressRefused, NameNotResolved
from claimcheck.net.wire import BadResponse, Connection, header_lines, request_bytes

__all__ = ["AsyncClient"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_TARGET_SAFE = "!#$%&'()*+,/:;=?@[]~"  # kept as is in a request target: RFC 3986 reserved + '%'
_UNSAFE_IN_TARGET = rx.compile(r"[^A-Za-z0-9\-._~!#$%&'()*+,/:;=?@\[\]]")


class _ConnectTimeout(Exception):
    pass


class AsyncHostLimiter:
    """``transport.HostLimiter`` for coroutines: per-host concurrency (an asyncio
    semaphore each) and ``HostSpacing`` between starts."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._per_host = max(1, per_host)
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self.spacing = HostSpacing(delay)
        self.defer = self.spacing.defer

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        semaphore = self._semaphores.get(host)
        if semaphore is None:
            semaphore = self._semaphores[host] = asyncio.Semaphore(self._per_host)
        async with semaphore:
            if (wait := self.spacing.reserve(host)) > 0:
                await asyncio.sleep(wait)
            yield


class AsyncClient:
    """Connections, the address guard and the host limiter for one run, in one
    event loop. ``await aclose()`` when done."""

    def __init__(self, options: ProbeOptions, guard: AddressGuard) -> None:
        self.options = options
        self.guard = guard
        self.limiter = AsyncHostLimiter(options.per_host, options.per_host_delay)
        try:  # checked once here, not for every request
            self._fixed_headers, self._bad_header = header_lines(
                list(request_headers(options, __version__).items())), None
        except ValueError as exc:  # every request is then invalid, none is sent
            self._fixed_headers, self._bad_header = "", exc
        self._idle: OrderedDict[tuple[str, str, int], list[Connection]] = OrderedDict()
        self._max_hosts = max(10, options.max_concurrency)
        self._tls: ssl.SSLContext | None = None

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()

    async def send(self, method: str, url: str, plan: BodyPlan | None = None, *,
                   retries: int | None = None, cookies: CookieJar | None = None) -> Outcome:
        options = self.options
        jar = cookies if cookies is not None else CookieJar()
        max_attempts = 1 + max(0, options.retries if retries is None else retries)
        outcome = Outcome(url)
        for attempt in range(max_attempts):
            outcome = await self._attempt(method, url, plan, jar)
            outcome.attempts = attempt + 1
            wait = retry_wait(outcome, attempt, options)
            if wait is None or attempt + 1 >= max_attempts:
                break
            await asyncio.sleep(wait)
        return outcome

    async def _attempt(self, method: str, url: str, plan: BodyPlan | None,
                       jar: CookieJar) -> Outcome:
        try:
            parts = split_url(url)
            scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
            port = parts.port or _DEFAULT_PORTS.get(scheme, 80)
            request = self._request(method, parts, scheme, host, port, jar)
        except (ValueError, UnicodeError) as exc:
            return Outcome(url, error_kind="invalid", error=short_error(str(exc)))
        try:
            addresses = await self._resolve(host, port)
            async with self.limiter.slot(host):
                outcome = await self._exchange(url, (scheme, host, port), addresses, request,
                                               method == "HEAD", plan)
        except AddressRefused as exc:
            return Outcome(url, error_kind="refused", error=str(exc))
        except NameNotResolved as exc:
            return Outcome(url, error_kind="dns", error=str(exc))
        except ssl.SSLError as exc:  # before OSError, its base class
            return Outcome(url, error_kind="ssl", error=short_error(str(exc)))
        except _ConnectTimeout as exc:
            return Outcome(url, error_kind="connect_timeout", error=str(exc))
        except TimeoutError:
            return Outcome(url, error_kind="timeout",
                           error=f"read timed out (read timeout={self.options.timeout:g})")
        except BadResponse as exc:  # something answered, but not in HTTP
            return Outcome(url, error_kind="protocol", error=short_error(f"bad HTTP response: {exc}"))
        except OSError as exc:
            return Outcome(url, error_kind=connect_kind(exc), error=short_error(str(exc)))
        jar.learn(host, outcome.headers.cookies)
        if outcome.status in (429, 503) and (after := retry_after(outcome, self.options)) is not None:
            self.limiter.defer(host, after)
        return outcome

    def _request(self, method: str, parts: SplitResult, scheme: str, host: str, port: int,
                 jar: CookieJar) -> bytes:
        if self._bad_header is not None:
            raise self._bad_header
        if not host:
            raise ValueError("no host in URL")
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
        if ":" in ascii_host:
            ascii_host = f"[{ascii_host}]"
        authority = ascii_host if port == _DEFAULT_PORTS.get(scheme) else f"{ascii_host}:{port}"
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if _UNSAFE_IN_TARGET.search(target):
            target = quote(target, safe=_TARGET_SAFE)
        headers = [("Host", authority)]
        if (cookie := jar.header(host)) is not None:
            headers.append(("Cookie", cookie))
        return request_bytes(method, target, headers, self._fixed_headers)

    async def _resolve(self, host: str, port: int) -> list[str]:
        if self.guard.needs_lookup(host, port):
            return await asyncio.to_thread(self.guard.resolve, host, port)  # DNS blocks
        return self.guard.resolve(host, port)

    # -- one exchange on one connection ----------------------------------------

    async def _exchange(self, url: str, key: tuple[str, str, int], addresses: list[str],
                        request: bytes, is_head: bool, plan: BodyPlan | None) -> Outcome:
        timeout = self.options.timeout
        connection = self._take_idle(key)
        if connection is not None:
            try:
                status = await connection.head(request, is_head=is_head, timeout=timeout)
            except BaseException as exc:
                connection.close()
                if isinstance(exc, TimeoutError) or not isinstance(exc, (OSError, BadResponse)):
                    raise
                # the server closed a kept-alive connection as we reused it: a new one
                connection = None
        if connection is None:
            connection = await self._connect(key, addresses)
            try:
                status = await connection.head(request, is_head=is_head, timeout=timeout)
            except BaseException:
                connection.close()  # a timeout or a garbled answer: the socket goes too
                raise
        outcome = Outcome(url, status=status, headers=Headers(
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in connection.headers))
        try:
            limit = plan(status, outcome.headers) \
                if plan is not None and wants_retry(outcome) is None else None
            if limit is not None:
                outcome.body, outcome.truncated = await connection.read(
                    limit, outcome.headers.get("Content-Encoding"), timeout)
            elif is_head or small_body(outcome.headers):
                await connection.drain(timeout)
        finally:
            self._release(key, connection, connection.finish())
        return outcome

    # -- connections -----------------------------------------------------------

    def _take_idle(self, key: tuple[str, str, int]) -> Connection | None:
        connections = self._idle.get(key)
        while connections:
            connection = connections.pop()
            if connection.reusable():
                return connection
            connection.close()
        return None

    def _release(self, key: tuple[str, str, int], connection: Connection, keep: bool) -> None:
        if keep:
            self._idle.setdefault(key, []).append(connection)
            self._idle.move_to_end(key)
            while len(self._idle) > self._max_hosts:
                _, evicted = self._idle.popitem(last=False)
                for old in evicted:
                    old.close()
        else:
            connection.close()

    async def _connect(self, key: tuple[str, str, int], addresses: list[str]) -> Connection:
        scheme, host, port = key
        context = self._tls_context() if scheme == "https" else None
        server_name = (host if host.isascii() else host.encode("idna").decode("ascii")) \
            if context is not None else None
        last_error: OSError | None = None
        for address in addresses:
            try:
                async with asyncio.timeout(self.options.timeout):
                    _, connection = await asyncio.get_running_loop().create_connection(
                        Connection, address, port, ssl=context, server_hostname=server_name)
            except TimeoutError:
                raise _ConnectTimeout(f"connection to {host} timed out "
                                      f"(connect timeout={self.options.timeout:g})") from None
            except ssl.SSLError:
                raise  # a certificate is the host's, not one address's
            except OSError as exc:
                last_error = exc
                continue
            return connection
        raise last_error or ConnectionError(f"no address to connect to for {host}")

    def _tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            if self.options.insecure:
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            else:
                bundle = self.options.ca_bundle
                if bundle is None:
                    import certifi  # the bundle the synchronous client uses too

                    bundle = certifi.where()
                context = ssl.create_default_context(cafile=bundle)
            self._tls = context
        return self._tls
