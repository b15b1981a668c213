"""One URL's check: ``await Prober(options, network).check(url) -> (LinkResult, kind)``.

The ``#fragment`` is split off and checked against the page.

Per URL:

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
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from claimcheck.net import Hop, LinkResult, ProbeOptions
from claimcheck.net.channel import Channel
from claimcheck.net.exchange import BodyPlan, CookieJar, Outcome
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
from claimcheck.net.safety import REFUSED_MESSAGE

__all__ = ["BLOCKED_STATUSES", "Prober"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_STATUSES = frozenset({301, 308})
BLOCKED_STATUSES = frozenset({401, 403, 429, 999})
HEAD_TRUSTED_BELOW = 400  # a HEAD answer of 400 or more is asked again with GET
SNIFF_BYTES = 256_000  # enough for a title, a heading and the opening text
ERROR_PAGE_BYTES = 64_000  # enough to tell a challenge page on a 503
SIMILAR_RATIO = 80.0
DEAD_VERDICTS = frozenset({"broken", "soft_404"})
ARCHIVE_CONCURRENCY = 4  # Wayback questions at once: archive.org limits callers


class Prober:
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
