"""The network stage: probing URLs politely and safely, with a cache and cassettes.

Only this package imports urllib3. Checks never touch the network: they
read ``LinkResult`` records that the engine gathered beforehand
(``CheckContext.probes``, keyed by URL).

Verdicts, in the order a CI job cares about them:

========================  =====================================================
``ok``                    2xx (or an accepted status), fragment present if any
``redirected``            ended ok after redirects; ``permanent`` says 301/308
``broken``                4xx other than bot-blocking, 5xx after retries, DNS
                          failure, refused, reset, too many redirects, a loop
``soft_404``              a 200 page that says it is missing, or a redirect to
                          the site's home page
``blocked``               403/429/999 or a bot-challenge page (a warning)
``timeout``               no answer within ``timeout`` after retries
``ssl_error``             certificate or TLS failure (``insecure`` accepts it)
``fragment_missing``      the page is there, its ``#anchor`` is not
``skipped``               excluded, offline, not http(s), private address
========================  =====================================================

Entry points: ``probe.check_links`` (which raises ``probe.NetworkUnavailable``
when nothing at all could be reached), ``cassette.recording`` /
``cassette.replaying`` and ``wayback.lookup_snapshot``. The parts:
``safety`` (which addresses may be contacted), ``client`` (one polite,
retried exchange), ``transport`` (pinned connections, host limits, bounded
body reads), ``pages`` (what an HTML page says), ``cache`` (SQLite).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Verdict = Literal["ok", "redirected", "broken", "soft_404", "blocked", "timeout", "ssl_error",
                  "fragment_missing", "skipped"]
VERDICTS: tuple[str, ...] = ("ok", "redirected", "broken", "soft_404", "blocked", "timeout",
                             "ssl_error", "fragment_missing", "skipped")
USER_AGENT = "claimcheck/{version} (citation link checker; urllib3)"


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect: the URL that answered with a redirect, and its status."""

    url: str
    status: int


@dataclass(frozen=True, slots=True)
class LinkResult:
    url: str
    verdict: Verdict
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[Hop, ...] = ()
    permanent: bool | None = None  # for redirected: every hop was 301/308
    error: str | None = None  # a short reason for anything not ok
    elapsed_ms: float | None = None
    archived_url: str | None = None  # Wayback snapshot, for dead links
    from_cache: bool = False


@dataclass
class ProbeOptions:
    """How to probe. Defaults are the CLI's defaults."""

    max_concurrency: int = 64
    per_host: int = 4
    per_host_delay: float = 0.0  # seconds between two requests to one host
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5  # first retry delay; doubles, with jitter
    retry_after_cap: float = 30.0
    max_redirects: int = 10
    max_body: int = 1_000_000
    user_agent: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    accept: frozenset[int] = frozenset(range(200, 300))
    allow_private: bool = False
    # hosts or addresses (``127.0.0.2``, ``10.0.0.0/8``) allowed although private
    allowed_hosts: frozenset[str] = frozenset()
    insecure: bool = False
    ca_bundle: str | None = None  # PEM file of trusted CAs (default: certifi's bundle)
    offline: bool = False
    use_cache: bool = True
    cache_path: str | None = None  # default: the platform's user cache directory
    cache_ttl: float = 86_400.0
    failure_ttl: float = 3_600.0
    check_fragments: bool = True
    detect_soft_404: bool = True
    archive_lookup: bool = True  # ask the Wayback Machine for dead links
    archive_date: str | None = None  # YYYYMMDD to look near (the note's access date or the paper's)
    archive_names: dict[str, str] = field(default_factory=dict)  # probed URL -> URL the archive knows
    archive_api: str = "https://archive.org/wayback/available"
    # names resolved to tell "this host is gone" from "there is no network"
    canary_hosts: tuple[str, ...] = ("example.com", "one.one.one.one", "dns.google")
