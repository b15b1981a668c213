"""What both HTTP clients share: the outcome of an exchange, its headers, the
cookies of one check, and the retry policy.

There are two clients over one policy. ``aio.AsyncClient`` (asyncio and httptools)
probes live links: one thread keeps 64 requests in flight without the GIL
hand-offs that cost 64 worker threads as much CPU as the exchanges themselves.
``client.Client`` (urllib3, synchronous) fetches sources, asks registries and
the Wayback Machine, and carries every request made under a vcrpy cassette
(vcrpy patches urllib3's connections, so a cassette records and replays it
exactly). This module imports neither.

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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from claimcheck.net import USER_AGENT, ProbeOptions

# A URL is split when it is sorted by host, checked for a scheme and sent: once is enough.
split_url = lru_cache(maxsize=8192)(urlsplit)

__all__ = ["NETWORK_KINDS", "RETRY_STATUSES", "BodyPlan", "CookieJar", "Headers", "HostSpacing",
           "Outcome", "parse_retry_after", "retry_after", "retry_wait", "small_body", "wants_retry"]

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Error kinds that say nothing was reachable: what NetworkUnavailable looks at.
NETWORK_KINDS = frozenset({"dns", "connect", "unreachable", "connect_timeout"})
RETRIED_KINDS = frozenset({"connect", "unreachable", "connect_timeout", "timeout"})
DRAIN_LIMIT = 64_000  # bytes of unread body worth reading to keep a connection
_UNREACHABLE = tuple(f"[Errno {code}]" for code in
                     (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN))

# How much of a body to read, decided from the status and headers: a byte
# count, or None for none of it. Both clients take one.
BodyPlan = Callable[[int, Mapping[str, str]], "int | None"]


class Headers(dict):
    """Response headers, looked up without regard to case. A repeated header
    reads as its values joined by ", " (RFC 9110), except Set-Cookie, which
    ``cookies`` keeps apart."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.cookies: list[str] = []
        for name, value in pairs:
            key = name.lower()
            if key == "set-cookie":
                self.cookies.append(value)
            dict.__setitem__(self, key, f"{self[key]}, {value}" if key in self else value)

    def __getitem__(self, name: str) -> str:
        return dict.__getitem__(self, name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and dict.__contains__(self, name.lower())

    def get(self, name: str, default=None):
        return dict.get(self, name.lower(), default)


@dataclass
class Outcome:
    """What one exchange (after retries) came to: a status or an error."""

    url: str
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=Headers)  # case-insensitive
    body: bytes | None = None
    truncated: bool = False
    # refused dns connect unreachable connect_timeout timeout ssl invalid protocol cassette
    error_kind: str | None = None
    error: str | None = None
    attempts: int = 0


class CookieJar:
    """The cookies set during one URL's check, sent back to the hosts they belong
    to. Enough for consent and session walls that set a cookie and redirect
    back; paths, expiry dates and ``Secure`` are not modelled (one check lasts
    seconds and sends nothing but GET and HEAD)."""

    def __init__(self) -> None:
        self._cookies: dict[tuple[str, str], str] = {}

    def clear(self) -> None:
        self._cookies.clear()

    def state(self) -> tuple[tuple[tuple[str, str], str], ...]:
        return tuple(sorted(self._cookies.items()))

    def header(self, host: str) -> str | None:
        pairs = [f"{name}={value}" for (domain, name), value in self._cookies.items()
                 if _domain_matches(host, domain)]
        return "; ".join(pairs) or None

    def learn(self, host: str, set_cookies: Iterable[str]) -> None:
        if not set_cookies:
            return
        from http.cookies import CookieError, SimpleCookie  # most answers set none

        for line in set_cookies:
            parsed = SimpleCookie()
            try:
                parsed.load(line)
            except CookieError:
                continue
            for name, morsel in parsed.items():
                domain = (morsel["domain"] or host).lstrip(".").lower()
                if not _domain_matches(host, domain):
                    continue  # a host may not set another site's cookies
                if morsel["max-age"] == "0":
                    self._cookies.pop((domain, name), None)
                else:
                    self._cookies[(domain, name)] = morsel.value


def _domain_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def small_body(headers: Mapping[str, str]) -> bool:
    """The answer's Content-Length says its body is worth reading to keep the connection."""
    length = headers.get("Content-Length", "")
    return length.isdigit() and int(length) <= DRAIN_LIMIT


def connect_kind(exc: BaseException) -> str:
    """``unreachable`` when the OS said there is no route, else ``connect``."""
    return "unreachable" if any(code in str(exc) for code in _UNREACHABLE) else "connect"


def short_error(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= 200 else text[:197] + "..."


def request_headers(options: ProbeOptions, version: str) -> dict[str, str]:
    return {"User-Agent": options.user_agent or USER_AGENT.format(version=version),
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Language": "en;q=1.0, *;q=0.5",
            "Accept-Encoding": "gzip, deflate",
            **options.headers}


class HostSpacing:
    """When the next request to each host may start: ``delay`` seconds after the
    previous start, and not before a ``Retry-After`` runs out (which holds back
    every request to that host, not only the retry). Both clients' host limiters
    keep one; thread-safe."""

    def __init__(self, delay: float) -> None:
        self._delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}

    def reserve(self, host: str) -> float:
        """Take the host's next start: the seconds to wait for it (0 when now)."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + self._delay
        return start - now

    def defer(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts in the next ``seconds``."""
        with self._lock:
            until = time.monotonic() + seconds
            self._next_start[host] = max(self._next_start.get(host, 0.0), until)


# -- retries ------------------------------------------------------------------

def wants_retry(outcome: Outcome) -> str | None:
    """Why ``outcome`` is worth another attempt, or None."""
    if outcome.error_kind is not None:
        return outcome.error_kind if outcome.error_kind in RETRIED_KINDS else None
    if outcome.status in RETRY_STATUSES:
        if outcome.headers.get("cf-mitigated", "").lower() == "challenge":
            return None
        return str(outcome.status)
    return None


def retry_after(outcome: Outcome, options: ProbeOptions) -> float | None:
    """The server's ``Retry-After``, capped, in seconds."""
    seconds = parse_retry_after(outcome.headers.get("Retry-After"))
    return None if seconds is None else min(seconds, options.retry_after_cap)


def retry_wait(outcome: Outcome, attempt: int, options: ProbeOptions) -> float | None:
    """Seconds to wait before attempt ``attempt + 1``, or None not to retry."""
    if wants_retry(outcome) is None:
        return None
    after = retry_after(outcome, options) if outcome.status is not None else None
    if after is not None:
        return after
    base = options.backoff * (2 ** attempt)
    return min(base / 2 + random.uniform(0, base / 2), options.retry_after_cap)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)
