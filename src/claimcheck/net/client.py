"""The synchronous client: one HTTP exchange over urllib3, done politely and
safely, with retries. Sources, registries and the Wayback lookup use it, and
so does every request made under a vcrpy cassette (the live link probe uses
``aio.AsyncClient``; both follow ``exchange``'s retry policy).

``Client.send(method, url, reader)`` checks the address, waits for a slot on
the host, sends one request (redirects are *not* followed: callers record
each hop), lets ``reader`` take what it needs of the streamed body, closes the
response, and retries when the answer says "try again".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationValueError,
    NewConnectionError,
    ReadTimeoutError,
    SSLError,
)

from claimcheck import __version__
from claimcheck.net import ProbeOptions
from claimcheck.net.exchange import (
    NETWORK_KINDS,
    RETRY_STATUSES,
    CookieJar,
    Headers,
    Outcome,
    connect_kind,
    request_headers,
    retry_after,
    retry_wait,
    short_error,
    small_body,
    wants_retry,
)
from claimcheck.net.safety import AddressGuard, AddressRefused, NameNotResolved
from claimcheck.net.transport import HostLimiter, open_pools

__all__ = ["NETWORK_KINDS", "RETRY_STATUSES", "Client", "Outcome"]

# A reader gets the streamed response (``.status``, ``.headers``, and
# ``transport.read_body`` for the body) and returns (body, truncated) or None.
Reader = Callable[[urllib3.BaseHTTPResponse], "tuple[bytes, bool] | None"]


class Client:
    """The connection pools, the address guard, the host limiter and each worker
    thread's cookies for one run. Close it when done."""

    def __init__(self, options: ProbeOptions, guard: AddressGuard, *, pinned: bool = True) -> None:
        self.options = options
        self.guard = guard
        self.limiter = HostLimiter(options.per_host, options.per_host_delay)
        self._pools = open_pools(guard if pinned else None, pools=options.max_concurrency,
                                 per_host=options.per_host, insecure=options.insecure,
                                 ca_bundle=options.ca_bundle)
        self._timeout = urllib3.Timeout(connect=options.timeout, read=options.timeout)
        self._local = threading.local()
        self._headers = request_headers(options, __version__)

    def cookies(self) -> CookieJar:
        """This thread's cookies, for callers that do not keep their own."""
        jar = getattr(self._local, "cookies", None)
        if jar is None:
            jar = self._local.cookies = CookieJar()
        return jar

    def close(self) -> None:
        self._pools.clear()

    def send(self, method: str, url: str, reader: Reader | None = None, *,
             retries: int | None = None, cookies: CookieJar | None = None) -> Outcome:
        options = self.options
        host = (urlsplit(url).hostname or "").lower()
        jar = cookies if cookies is not None else self.cookies()
        max_attempts = 1 + max(0, options.retries if retries is None else retries)
        outcome = Outcome(url)
        for attempt in range(max_attempts):
            outcome = self._attempt(method, url, host, reader, jar)
            outcome.attempts = attempt + 1
            wait = retry_wait(outcome, attempt, options)
            if wait is None or attempt + 1 >= max_attempts:
                break
            time.sleep(wait)
        return outcome

    def _attempt(self, method: str, url: str, host: str, reader: Reader | None,
                 jar: CookieJar) -> Outcome:
        try:
            self.guard.check_url(url)
        except AddressRefused as exc:
            return Outcome(url, error_kind="refused", error=str(exc))
        except NameNotResolved as exc:
            return Outcome(url, error_kind="dns", error=str(exc))
        headers = self._headers
        if (cookie := jar.header(host)) is not None:
            headers = {**headers, "Cookie": cookie}
        try:
            with self.limiter.slot(host):
                response = self._pools.urlopen(
                    method, url, headers=headers, redirect=False, retries=False,
                    preload_content=False, decode_content=True, timeout=self._timeout)
                try:
                    outcome = Outcome(url, status=response.status,
                                      headers=Headers(response.headers.iteritems()))
                    jar.learn(host, outcome.headers.cookies)
                    if wants_retry(outcome) is None and reader is not None:
                        read = reader(response)
                        if read is not None:
                            outcome.body, outcome.truncated = read
                finally:
                    _finish(response, method)
        except AddressRefused as exc:  # raised by the pinned connection
            return Outcome(url, error_kind="refused", error=str(exc))
        except NameNotResolved as exc:
            return Outcome(url, error_kind="dns", error=str(exc))
        except SSLError as exc:
            return Outcome(url, error_kind="ssl", error=_short(exc))
        except NewConnectionError as exc:  # before its base class, ConnectTimeoutError
            return Outcome(url, error_kind=connect_kind(exc), error=_short(exc))
        except ConnectTimeoutError as exc:
            return Outcome(url, error_kind="connect_timeout", error=_short(exc))
        except ReadTimeoutError as exc:
            return Outcome(url, error_kind="timeout", error=_short(exc))
        except (LocationValueError, ValueError, UnicodeError) as exc:  # not sendable over HTTP
            return Outcome(url, error_kind="invalid", error=_short(exc))
        except (HTTPError, OSError) as exc:
            return Outcome(url, error_kind=connect_kind(exc), error=_short(exc))
        except Exception as exc:
            if type(exc).__name__ == "CannotOverwriteExistingCassetteException":
                return Outcome(url, error_kind="cassette", error="request not recorded in the cassette")
            raise
        if outcome.status in (429, 503) and (after := retry_after(outcome, self.options)) is not None:
            self.limiter.defer(host, after)
        return outcome


def _finish(response: urllib3.BaseHTTPResponse, method: str) -> None:
    """Hand the connection back to the pool when what is left of the body is
    small (a redirect, a HEAD, an error page), else drop it unread."""
    if (method == "HEAD" or small_body(response.headers)) and not response.closed:
        try:
            response.drain_conn()
        except (HTTPError, OSError):
            response.close()  # a broken rest of the body: drop the connection
        response.release_conn()
        return
    response.close()
    response.release_conn()


def _short(exc: BaseException) -> str:
    """The innermost useful message of a urllib3 exception chain."""
    reason = getattr(exc, "reason", None)
    return short_error(str(reason if reason is not None else exc))
