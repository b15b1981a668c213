"""Check citation links: ``check_links(urls, options) -> {url: LinkResult}``.

Each distinct URL (as given) is probed once, at most ``max_concurrency`` at a
time, by worker coroutines on one asyncio event loop (``aio.AsyncClient``;
under a cassette, one at a time through the synchronous ``client.Client``,
which vcrpy patches). How one URL is fetched, its redirects followed and its
verdict reached is ``prober.Prober``'s (its docstring says how); this module
runs the workers, the cache and the no-network test around it.

``NetworkUnavailable`` is raised when every probed URL failed to resolve or
connect *and* the canary names (``options.canary_hosts``) do not resolve
either (or every failure was "network unreachable"): the caller then reports
once that links were not checked, instead of calling every link broken.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Callable, Iterable

from claimcheck.net import LinkResult, ProbeOptions
from claimcheck.net import cassette as cassettes
from claimcheck.net.channel import Channel
from claimcheck.net.exchange import NETWORK_KINDS, split_url
from claimcheck.net.prober import Prober
from claimcheck.net.safety import AddressGuard, Resolver, is_public_address

__all__ = ["NetworkUnavailable", "check_links"]


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
        probed.append((result, kind))  # skipped ones are neither cached nor network evidence
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
    prober = Prober(options, network, deterministic=recorded)
    queue = iter(_interleave_hosts(urls))  # shared by the workers: next() never awaits

    async def worker() -> None:
        for url in queue:
            # checked here rather than before the loop starts: the first requests
            # go out sooner, and the URL is split once (split_url caches it)
            if (reason := _not_probed(url)) is not None:
                record(LinkResult(url, "skipped", error=reason), None)
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
