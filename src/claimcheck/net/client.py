"""One HTTP exchange, done politely and safely, with retries: the probe's only
way to the network (the Wayback lookup uses it too).

``Client.send(method, url, reader)`` checks the address, waits for a slot on
the host, sends one request (redirects are *not* followed: the probe records
each hop), lets ``reader`` take what it needs of the streamed body, closes the
response, and retries when the answer says "try again".

Retry policy: up to ``options.retries`` more attempts after a connection
error, a timeout, or a 408, 429, 500, 502, 503 or 504. The wait before retry
*n* (0-based) is ``backoff * 2**n`` with equal jitter (half fixed, half
random), or the server's ``Retry-After`` (seconds or an HTTP date) when it
gives one; either way at most ``retry_after_cap`` seconds. A ``Retry-After``
holds back every request to that host, not only the retry. Not retried:
refused addresses, DNS failures, TLS failures, a Cloudflare challenge
(``cf-mitigated: challenge``) and every other status.
"""

from __future__ import annotations

import errno
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from claimcheck import __version__
from claimcheck.net import USER_AGENT, ProbeOptions
from claimcheck.net.safety import AddressGuard, AddressRefused, NameNotResolved
from claimcheck.net.transport import HostLimiter, PinnedAdapter, parse_retry_after

__all__ = ["Client", "Outcome", "RETRY_STATUSES"]

_DRAIN_LIMIT = 64_000  # bytes of unread body worth reading to keep a connection
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Error kinds that say nothing was reachable: what NetworkUnavailable looks at.
NETWORK_KINDS = frozenset({"dns", "connect", "unreachable", "connect_timeout"})
_UNREACHABLE = tuple(f"[Errno {code}]" for code in
                     (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN))

Reader = Callable[[requests.Response], "tuple[bytes, bool] | None"]


@dataclass
class Outcome:
    """What one exchange (after retries) came to: a status or an error."""

    url: str
    status: int | None = None
    headers: CaseInsensitiveDict = field(default_factory=CaseInsensitiveDict)
    body: bytes | None = None
    truncated: bool = False
    error_kind: str | None = None  # refused dns connect unreachable connect_timeout timeout ssl invalid
    error: str | None = None
    attempts: int = 0


class Client:
    """Sessions (one per worker thread, sharing one connection pool), the address
    guard and the host limiter for one run. Close it when done."""

    def __init__(self, options: ProbeOptions, guard: AddressGuard, *,
                 session_factory: Callable[[], requests.Session] | None = None,
                 pinned: bool = True) -> None:
        self.options = options
        self.guard = guard
        self.limiter = HostLimiter(options.per_host, options.per_host_delay)
        self._session_factory = session_factory or requests.Session
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self._adapter = None
        if pinned:
            self._adapter = PinnedAdapter(guard, pool_connections=max(10, options.max_concurrency),
                                          pool_maxsize=max(1, options.per_host))
        agent = options.user_agent or USER_AGENT.format(version=__version__)
        self._headers = {"User-Agent": agent,
                         "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                         "Accept-Language": "en;q=1.0, *;q=0.5",
                         **options.headers}

    def session(self) -> requests.Session:
        """This thread's session (created on first use; cookies start empty)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._session_factory()
            session.trust_env = False  # no proxies or .netrc from the environment
            if self._adapter is not None:
                session.mount("http://", self._adapter)
                session.mount("https://", self._adapter)
            session.headers.update(self._headers)
            if self.options.insecure:
                session.verify = False
            with self._lock:
                self._sessions.append(session)
            self._local.session = session
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()
        if self._adapter is not None:
            self._adapter.close()

    def send(self, method: str, url: str, reader: Reader | None = None, *,
             retries: int | None = None) -> Outcome:
        options = self.options
        host = (urlsplit(url).hostname or "").lower()
        max_attempts = 1 + max(0, options.retries if retries is None else retries)
        outcome = Outcome(url)
        for attempt in range(max_attempts):
            outcome = self._attempt(method, url, host, reader)
            outcome.attempts = attempt + 1
            wait = self._retry_wait(outcome, attempt)
            if wait is None or attempt + 1 >= max_attempts:
                break
            time.sleep(wait)
        return outcome

    def _attempt(self, method: str, url: str, host: str, reader: Reader | None) -> Outcome:
        options = self.options
        try:
            self.guard.check_url(url)
        except AddressRefused as exc:
            return Outcome(url, error_kind="refused", error=str(exc))
        except NameNotResolved as exc:
            return Outcome(url, error_kind="dns", error=str(exc))
        try:
            with self.limiter.slot(host):
                response = self.session().request(
                    method, url, stream=True, allow_redirects=False,
                    timeout=(options.timeout, options.timeout))
                try:
                    outcome = Outcome(url, status=response.status_code,
                                      headers=CaseInsensitiveDict(response.headers))
                    if self._wants_retry(outcome) is None and reader is not None:
                        read = reader(response)
                        if read is not None:
                            outcome.body, outcome.truncated = read
                finally:
                    _finish(response)
        except AddressRefused as exc:  # raised by the pinned connection
            return Outcome(url, error_kind="refused", error=str(exc))
        except NameNotResolved as exc:
            return Outcome(url, error_kind="dns", error=str(exc))
        except requests.exceptions.SSLError as exc:
            return Outcome(url, error_kind="ssl", error=_short(exc))
        except requests.exceptions.ConnectTimeout as exc:
            return Outcome(url, error_kind="connect_timeout", error=_short(exc))
        except requests.exceptions.ReadTimeout as exc:
            return Outcome(url, error_kind="timeout", error=_short(exc))
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema, requests.exceptions.InvalidHeader) as exc:
            return Outcome(url, error_kind="invalid", error=_short(exc))
        except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError, OSError) as exc:
            text = _short(exc)
            kind = "unreachable" if any(code in str(exc) for code in _UNREACHABLE) else "connect"
            return Outcome(url, error_kind=kind, error=text)
        except Exception as exc:  # noqa: BLE001 - e.g. vcrpy refusing an unrecorded request
            if type(exc).__name__ == "CannotOverwriteExistingCassetteException":
                return Outcome(url, error_kind="cassette", error="request not recorded in the cassette")
            raise
        if outcome.status in (429, 503) and (after := self._retry_after(outcome)) is not None:
            self.limiter.defer(host, after)
        return outcome

    def _retry_after(self, outcome: Outcome) -> float | None:
        seconds = parse_retry_after(outcome.headers.get("Retry-After"))
        return None if seconds is None else min(seconds, self.options.retry_after_cap)

    def _wants_retry(self, outcome: Outcome) -> str | None:
        if outcome.error_kind is not None:
            return outcome.error_kind if outcome.error_kind in {
                "connect", "unreachable", "connect_timeout", "timeout"} else None
        if outcome.status in RETRY_STATUSES:
            if outcome.headers.get("cf-mitigated", "").lower() == "challenge":
                return None
            return str(outcome.status)
        return None

    def _retry_wait(self, outcome: Outcome, attempt: int) -> float | None:
        if self._wants_retry(outcome) is None:
            return None
        after = self._retry_after(outcome) if outcome.status is not None else None
        if after is not None:
            return after
        base = self.options.backoff * (2 ** attempt)
        return min(base / 2 + random.uniform(0, base / 2), self.options.retry_after_cap)


def _finish(response: requests.Response) -> None:
    """Hand the connection back to the pool when what is left of the body is
    small (a redirect, a HEAD, an error page), else drop it unread."""
    length = response.headers.get("Content-Length", "")
    small = response.request.method == "HEAD" or (length.isdigit() and int(length) <= _DRAIN_LIMIT)
    if small and not response.raw.closed:
        try:
            response.raw.drain_conn()
            response.raw.release_conn()
            return
        except Exception:  # noqa: BLE001 - fall back to dropping the connection
            pass
    response.close()


def _short(exc: BaseException) -> str:
    """The innermost useful message of a requests/urllib3 exception chain."""
    text = str(exc)
    reason = exc.args[0] if exc.args else None
    inner = getattr(reason, "reason", None)
    if inner is not None:
        text = str(inner)
    text = text.replace("\n", " ")
    return text if len(text) <= 200 else text[:197] + "..."
