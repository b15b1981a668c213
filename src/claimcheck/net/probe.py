"""Check citation links: ``check_links(urls, options) -> {url: LinkResult}``.

Each distinct URL (as given) is probed once, at most ``max_concurrency`` at a
time, by one asyncio event loop (``aio.AsyncClient``; under a cassette, one at
a time through the synchronous ``client.Client``, which vcrpy patches); the
``#fragment`` is split off and checked against the page. Per URL:

1. **Method.** When nothing in the body matters (no fragment to check and
   soft-404 detection off) a ``HEAD`` is sent first; its answer is trusted
   only when it is 2xx or 3xx. Servers lie to HEAD with 400, 403, 404, 405,
   406, 500, 501, 503 and 999 (LinkedIn) -- so *any* 4xx or 5xx, or a
   connection failure, is asked again with ``GET``. When the body may matter
   a single streamed ``GET`` is sent instead (a HEAD would only add a round
   trip): its headers arrive first, and the body is read only if the page is
   HTML, only as far as needed (the whole ``max_body`` for a fragment, the
   first 256 kB for soft-404 and challenge detection), then the connection is
   dropped. A 50 MB PDF costs its headers.
2. **Redirects** are followed by hand, up to ``max_redirects``, each hop
   recorded as a ``Hop`` and address-checked before it is contacted. A loop is
   a URL seen again with the same cookies (a cookie-setting bounce is not a
   loop). ``permanent`` is true when every hop was 301 or 308.
3. **Retries** follow ``exchange``'s policy (connection errors, timeouts, 408,
   429, 5xx but 501; backoff with jitter; ``Retry-After`` honoured up to
   ``retry_after_cap``).
4. **Verdict** (meanings in ``claimcheck.net``):

   * a bot challenge page (Cloudflare "Just a moment...", "Attention
     Required", captchas) of any status, or 401, 403, 429, 999 -> ``blocked``;
   * a status outside ``accept`` -> ``broken``;
   * a redirect from a deep path to a site's home page -> ``soft_404``;
   * a page whose title, first heading or opening text says it is missing
     ("404", "page not found", "no longer available", ...) -> ``soft_404``
     when it also looks like the site's answer for a random path next to it
     (``/<uuid>`` probed once per host, compared with rapidfuzz, ratio >= 80);
     a title that is *only* an error ("404 Not Found") suffices when that
     comparison cannot be made. A site that answers the random path with a
     real 404 and this path with a 200 is believed;
   * ``#anchor`` with no ``id=``/``name=`` in the HTML -> ``fragment_missing``
     (``#top``, ``#!/route``, ``#page=3`` and text fragments are not
     checked; nor is a page cut at ``max_body``);
   * else ``ok`` or, after redirects, ``redirected``.

   Errors: a refused address -> ``skipped``; DNS failure, refused or reset
   connection, too many redirects, a loop -> ``broken``; no answer ->
   ``timeout``; certificate or TLS failure -> ``ssl_error``.
5. **Archive.** For ``broken`` and ``soft_404`` links, the Wayback snapshot
   nearest ``archive_date`` goes in ``archived_url`` (``archive_lookup``).

``NetworkUnavailable`` is raised when every probed URL failed to resolve or
connect *and* the canary names (``options.canary_hosts``) do not resolve
either (or every failure was "network unreachable"): the caller then reports
once that links were not checked, instead of calling every link broken.
"""

from __future__ import annotations

import asyncio
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import replace
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from claimcheck.net import Hop, LinkResult, ProbeOptions
from claimcheck.net import cassette as cassettes
from claimcheck.net.channel import Channel
from claimcheck.net.exchange import (
    NETWORK_KINDS,
    BodyPlan,
    CookieJar,
    Outcome,
    split_url,
)
from claimcheck.net.pages import (
    anchor_present,
    decode_body,
    fragment_is_checkable,
    has_error_title,
    is_challenge,
    is_home_path,
    is_html,
    page_title,
    says_not_found,
    visible_text,
)
from claimcheck.net.safety import (
    REFUSED_MESSAGE,
    AddressGuard,
    Resolver,
    is_public_address,
)

__all__ = ["BLOCKED_STATUSES", "NetworkUnavailable", "check_links"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_STATUSES = frozenset({301, 308})
BLOCKED_STATUSES = frozenset({401, 403, 429, 999})
HEAD_TRUSTED_BELOW = 400  # a HEAD answer of 400 or more is asked again with GET
SNIFF_BYTES = 256_000  # enough for a title, a heading and the opening text
ERROR_PAGE_BYTES = 64_000  # enough to tell a challenge page on a 503
SIMILAR_RATIO = 80.0
DEAD_VERDICTS = frozenset({"broken", "soft_404"})
ARCHIVE_CONCURRENCY = 4  # Wayback questions at once: archive.org limits callers


class NetworkUnavailable(Exception):
    """Nothing could be reached at all: the links were not checked.
    ``results`` holds what the probe saw, for a caller that wants it."""

    def __init__(self, message: str, results: dict[str, LinkResult]) -> None:
        super().__init__(message)
        self.results = results


def check_links(urls: Iterable[str], options: ProbeOptions, *,
                on_result: Callable[[LinkResult], None] | None = None,
                resolver: Resolver | None = None) -> dict[str, LinkResult]:
    """Probe every distinct URL once; results keyed by the URL as given, in input
    order. ``on_result`` is called (in the calling thread) as each result is
    known, cache hits first. ``resolver(host, port) -> [ip, ...]`` replaces
    ``socket.getaddrinfo``."""
    unique = list(dict.fromkeys(urls))
    results: dict[str, LinkResult] = {}

    def emit(result: LinkResult) -> None:
        results[result.url] = result
        if on_result is not None:
            on_result(result)

    if options.offline:
        for url in unique:
            emit(LinkResult(url, "skipped", error="offline"))
        return results

    active = cassettes.active()
    replay = active is not None and active.mode == "replay"
    guard = AddressGuard(resolver, allow_private=options.allow_private,
                         allowed_hosts=options.allowed_hosts,
                         known_hosts=active.hosts if replay else (), only_known_hosts=replay)
    cache = None
    if options.use_cache and active is None:
        from claimcheck.net.cache import LinkCache

        cache = LinkCache(options.cache_path, options)
    pending: list[str] = []
    for url in unique:
        if cache is not None and (hit := cache.get(url)) is not None:
            emit(hit)
        else:
            pending.append(url)

    probed: list[tuple[LinkResult, str | None]] = []

    def record(result: LinkResult, kind: str | None) -> None:
        if kind != _NOT_PROBED:
            probed.append((result, kind))
        emit(result)

    try:
        if pending:
            with warnings.catch_warnings():
                if options.insecure:  # the synchronous client's (cassettes, Wayback)
                    warnings.filterwarnings("ignore", message="Unverified HTTPS request")
                asyncio.run(_probe_all(pending, options, guard, record, recorded=active is not None))
        if not replay and _network_down(probed, guard, options):
            raise NetworkUnavailable(
                "no network: no host could be resolved or reached; links were not checked",
                {url: results[url] for url in unique})
        if cache is not None:
            for result, _ in probed:
                cache.put(result)
    finally:
        if cache is not None:
            cache.close()
    return {url: results[url] for url in unique}


async def _probe_all(urls: list[str], options: ProbeOptions, guard: AddressGuard,
                     record: Callable[[LinkResult, str | None], None], *, recorded: bool) -> None:
    """Probe ``urls``, at most ``max_concurrency`` at once (one at a time, in
    order, under a cassette, so a recording replays the same way)."""
    network = Channel(options, guard, recorded=recorded)
    prober = _Prober(options, network, deterministic=recorded)
    queue = iter(_interleave_hosts(urls))  # shared by the workers: next() never awaits

    async def worker() -> None:
        for url in queue:
            # checked here rather than before the loop starts: the first requests
            # go out sooner, and the URL is split once (split_url caches it)
            if (reason := _not_probed(url)) is not None:
                record(LinkResult(url, "skipped", error=reason), _NOT_PROBED)
                continue
            try:
                result, kind = await prober.check(url)
            except Exception as exc:  # noqa: BLE001 - one bad URL never ends the run
                result, kind = LinkResult(url, "skipped", error=(
                    f"probe failed: {type(exc).__name__}: {exc}")), None
            record(result, kind)

    # a worker has at most one request out at a time: workers = requests in flight
    workers = 1 if recorded else max(1, min(options.max_concurrency, len(urls)))
    try:
        await asyncio.gather(*(worker() for _ in range(workers)))
    finally:
        await network.aclose()


_NOT_PROBED = "not probed"  # record()'s kind for a URL refused before any request


def _not_probed(url: str) -> str | None:
    try:
        parts = split_url(url.strip())
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "not a valid URL"
    if parts.scheme.lower() not in {"http", "https"}:
        return "not an http(s) URL"
    if not parts.hostname:
        return "not a valid URL"
    return None


def _network_down(probed: list[tuple[LinkResult, str | None]], guard: AddressGuard,
                  options: ProbeOptions) -> bool:
    kinds = [kind for result, kind in probed if result.verdict != "skipped"]
    if not kinds or not all(kind in NETWORK_KINDS for kind in kinds):
        return False
    if all(kind == "unreachable" for kind in kinds):
        return True
    for host in options.canary_hosts:
        try:
            addresses = guard.resolver(host, 443)  # a plain lookup: no address check
        except (OSError, UnicodeError, ValueError):
            continue
        if addresses:
            if all(kind == "dns" for kind in kinds) or not any(map(is_public_address, addresses)):
                return False
            return not _tcp_reachable(addresses[0], min(options.timeout, 3.0))
    return True


def _tcp_reachable(address: str, timeout: float) -> bool:
    import socket

    try:
        with socket.create_connection((address, 443), timeout=timeout):
            return True
    except OSError:
        return False


class _Prober:
    """Per-run state shared by the checks: the network and the sibling-page cache."""

    def __init__(self, options: ProbeOptions, network: Channel, *, deterministic: bool) -> None:
        self.options = options
        self.network = network
        self._deterministic = deterministic
        self._siblings: dict[str, tuple[str, str | None] | None] = {}
        self._sibling_locks: dict[str, asyncio.Lock] = {}
        self._archive_down = False
        self._archive_answered = False
        self._archive_first = asyncio.Lock()
        self._archive_slots = asyncio.Semaphore(ARCHIVE_CONCURRENCY)

    # -- one URL --------------------------------------------------------------

    async def check(self, url: str) -> tuple[LinkResult, str | None]:
        started = time.monotonic()
        result, kind = await self._check(url)
        result = replace(result, elapsed_ms=round((time.monotonic() - started) * 1000, 1))
        if self.options.archive_lookup and result.verdict in DEAD_VERDICTS and kind != "cassette":
            result = replace(result, archived_url=await self._snapshot(url))
        return result, kind

    async def _snapshot(self, url: str) -> str | None:
        """The Wayback snapshot for a dead link. The first question goes alone: if
        the archive is down, it is asked once, not once per dead link."""
        if not self._archive_answered:
            async with self._archive_first:
                if not self._archive_answered:
                    return await self._ask_archive(url)
        async with self._archive_slots:
            return await self._ask_archive(url)

    async def _ask_archive(self, url: str) -> str | None:
        from claimcheck.net.wayback import ArchiveUnavailable, find_snapshot

        if self._archive_down:
            return None
        try:
            # a probed mirror (--remap) is archived under the URL the paper prints
            printed = self.options.archive_names.get(url, url)
            return await asyncio.to_thread(
                find_snapshot, self.network.sync_client(), urldefrag(printed)[0],
                self.options.archive_date, api=self.options.archive_api)
        except ArchiveUnavailable:
            self._archive_down = True  # one failure is enough: do not ask for every link
            return None
        finally:
            self._archive_answered = True

    async def _check(self, url: str) -> tuple[LinkResult, str | None]:
        base, fragment = urldefrag(url.strip())
        want_fragment = self.options.check_fragments and fragment_is_checkable(fragment)
        final, outcome, hops, loop_error = await self._follow(base, want_fragment)
        shown = final + (f"#{fragment}" if fragment else "")
        if loop_error is not None:
            return self._result(url, "broken", outcome, final, hops, loop_error), None
        if outcome.error_kind is not None:
            return self._failure(url, outcome, shown, hops), outcome.error_kind
        verdict, error = await self._judge(base, final, fragment, want_fragment, outcome, hops)
        return self._result(url, verdict, outcome, shown, hops, error), None

    async def _follow(self, url: str, want_fragment: bool,
                      ) -> tuple[str, Outcome, list[Hop], str | None]:
        """Fetch ``url`` and its redirects: (final URL, last outcome, hops, loop error)."""
        options = self.options
        cookies = CookieJar()
        hops: list[Hop] = []
        seen: set[tuple[str, tuple]] = set()
        current = url
        outcome = Outcome(url)
        for _ in range(options.max_redirects + 1):
            state = (current, cookies.state())
            if state in seen:
                return current, outcome, hops, f"redirect loop back to {current}"
            seen.add(state)
            outcome = await self._fetch(current, want_fragment, cookies)
            location = outcome.headers.get("Location") if outcome.status in REDIRECT_STATUSES else None
            if outcome.error_kind is not None or not location:
                return current, outcome, hops, None
            hops.append(Hop(current, outcome.status))
            target = urldefrag(urljoin(current, _header_text(location).strip()))[0]
            if urlsplit(target).scheme.lower() not in {"http", "https"}:
                return current, outcome, hops, f"redirect to a non-http(s) URL: {target}"
            current = target
        return current, outcome, hops, f"too many redirects (more than {options.max_redirects})"

    async def _fetch(self, url: str, want_fragment: bool, cookies: CookieJar) -> Outcome:
        need_body = want_fragment or self.options.detect_soft_404
        if not need_body:
            head = await self.network.send("HEAD", url, None, retries=0, cookies=cookies)
            if head.error_kind in {"refused", "dns", "ssl", "invalid", "cassette"}:
                return head
            if head.error_kind is None and head.status is not None and head.status < HEAD_TRUSTED_BELOW:
                return head
        return await self.network.send("GET", url, self._plan(want_fragment, need_body),
                                       cookies=cookies)

    def _plan(self, want_fragment: bool, need_body: bool) -> BodyPlan:
        options = self.options

        def plan(status: int, headers) -> int | None:
            content_type = headers.get("Content-Type")
            if status in REDIRECT_STATUSES or (content_type and not is_html(content_type)):
                return None
            if status in options.accept:
                if not need_body:
                    return None
                return options.max_body if want_fragment else min(options.max_body, SNIFF_BYTES)
            if status == 503:
                return min(options.max_body, ERROR_PAGE_BYTES)
            return None

        return plan

    # -- verdicts -------------------------------------------------------------

    async def _judge(self, base: str, final: str, fragment: str, want_fragment: bool, outcome: Outcome,
               hops: list[Hop]) -> tuple[str, str | None]:
        options = self.options
        status = outcome.status
        text = decode_body(outcome.body, outcome.headers.get("Content-Type")) \
            if outcome.body is not None else None
        if text is not None and is_challenge(text):
            return "blocked", f"bot challenge page (HTTP {status})"
        if status in BLOCKED_STATUSES and status not in options.accept:
            # --accept 403 means the user knows this site answers 403 to robots
            return "blocked", f"HTTP {status}"
        if status in REDIRECT_STATUSES:
            return "broken", f"HTTP {status} without a Location header"
        if status not in options.accept:
            tries = f" after {outcome.attempts} attempts" if outcome.attempts > 1 else ""
            return "broken", f"HTTP {status}{tries}"
        if options.detect_soft_404 and hops and is_home_path(final) and not is_home_path(base):
            return "soft_404", f"redirected to the site's home page {final}"
        if options.detect_soft_404 and text is not None and await self._soft_404(final, text):
            return "soft_404", f"the page says it is missing: {page_title(text)[:80]!r}"
        if want_fragment and text is not None and not outcome.truncated \
                and not anchor_present(text, fragment):
            return "fragment_missing", f"no id or name {fragment!r} in the page"
        return ("redirected" if hops else "ok"), None

    async def _soft_404(self, url: str, text: str) -> bool:
        if not says_not_found(text):
            return False
        sibling = await self._sibling(url)
        if sibling is None:
            return has_error_title(text)
        sibling_url, sibling_text = sibling
        if sibling_text is None:
            return False  # the site answers unknown paths honestly: believe this 200
        return _similarity(url, text, sibling_url, sibling_text) >= SIMILAR_RATIO

    async def _sibling(self, url: str) -> tuple[str, str | None] | None:
        """What the site answers for a random path next to ``url``: (that URL, its
        HTML), (that URL, None) for an honest 4xx, or None when it could not be asked."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._sibling_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin in self._siblings:
                return self._siblings[origin]
            import uuid  # once per site, and only for a page that says it is missing

            name = uuid.uuid5(uuid.NAMESPACE_URL, origin).hex if self._deterministic \
                else uuid.uuid4().hex
            probe = f"{origin}{parts.path.rsplit('/', 1)[0]}/{name}"
            _, outcome, _, loop_error = await self._follow(probe, want_fragment=False)
            answer: tuple[str, str | None] | None = None
            if loop_error is None and outcome.error_kind is None and outcome.status is not None:
                if outcome.status in self.options.accept and outcome.body is not None:
                    answer = (probe, decode_body(outcome.body, outcome.headers.get("Content-Type")))
                elif 400 <= outcome.status < 500 and outcome.status not in BLOCKED_STATUSES:
                    answer = (probe, None)
            self._siblings[origin] = answer
            return answer

    # -- results --------------------------------------------------------------

    def _result(self, url: str, verdict: str, outcome: Outcome, final: str, hops: list[Hop],
                error: str | None) -> LinkResult:
        return LinkResult(url, verdict, http_status=outcome.status, final_url=final,
                          redirects=tuple(hops),
                          permanent=all(h.status in PERMANENT_STATUSES for h in hops) if hops else None,
                          error=error)

    def _failure(self, url: str, outcome: Outcome, final: str, hops: list[Hop]) -> LinkResult:
        kind = outcome.error_kind
        tries = f" ({outcome.attempts} attempts)" if outcome.attempts > 1 else ""
        if kind == "refused":
            verdict, error = "skipped", REFUSED_MESSAGE
        elif kind in {"timeout", "connect_timeout"}:
            verdict, error = "timeout", f"no answer within {self.options.timeout:g} s{tries}"
        elif kind == "ssl":
            verdict, error = "ssl_error", outcome.error
        elif kind == "dns":
            verdict, error = "broken", outcome.error
        else:
            verdict, error = "broken", f"{outcome.error}{tries}"
        return self._result(url, verdict, outcome, final, hops, error)


def _similarity(url: str, text: str, other_url: str, other: str) -> float:
    """How alike two pages read, each without its own path (error pages echo it)."""
    def gist(page_url: str, page: str) -> str:
        words = f"{page_title(page)} {visible_text(page, 3000)}"
        path = urlsplit(page_url).path
        for form in sorted({path, unquote(path)}, key=len, reverse=True):
            if len(form) > 1:
                words = words.replace(form, " ")
        return words

    from rapidfuzz import fuzz  # only a suspected soft 404 needs it

    return fuzz.ratio(gist(url, text), gist(other_url, other))


def _header_text(value: str) -> str:
    """A header value as sent: http.client decodes as Latin-1, servers send UTF-8."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _interleave_hosts(urls: list[str]) -> list[str]:
    """Round-robin the URLs by host. Workers take URLs in submission order and
    wait for a per-host slot; with one host's URLs together, most workers would
    wait on the same host while others sit idle. The host is read off the text
    (the authority, lowercased) without parsing: a URL too odd to split is
    refused later, by the worker that takes it."""
    from itertools import chain, zip_longest

    by_host: dict[str, list[str]] = {}
    for url in urls:
        authority = url.partition("://")[2].partition("/")[0].partition("?")[0].partition("#")[0]
        by_host.setdefault(authority.rpartition("@")[2].lower(), []).append(url)
    rounds = zip_longest(*by_host.values())
    return [url for url in chain.from_iterable(rounds) if url is not None]
