"""Fetch a cited source, bounded, and extract its text.

Requests go through the network layer's ``Client`` (``claimcheck.net.client``):
the address guard refuses private, loopback and link-local targets after DNS
and on every redirect hop (unless allowed), hosts are rate-limited, retries
honour ``Retry-After``. Redirects are followed here, one checked hop at a
time.

A body is streamed and never read past ``max_source_bytes``: a declared
``Content-Length`` over the cap is refused before a byte of body is read, and
an undeclared one is cut at the cap. Either way the verdict is
``source_unavailable`` with the reason ``too large``.

Text: HTML through trafilatura's main-text extractor (the page's visible text
when it finds none); PDF page by page through pypdf; plain text as is.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from claimcheck.net import ProbeOptions
from claimcheck.net.client import Client, Outcome
from claimcheck.net.pages import decode_body, is_html, page_title, visible_text
from claimcheck.net.safety import AddressGuard
from claimcheck.net.transport import read_body
from claimcheck.sources.options import SourceOptions
from claimcheck.sources.text import SourceText

__all__ = ["Fetched", "Network", "extract_text", "fetch_source"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_TITLE_TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class Fetched:
    """One source as fetched: its text, or why there is none."""

    url: str
    final_url: str
    status: int | None = None
    content_type: str | None = None
    text: SourceText | None = None
    problem: str | None = None  # why the source is unavailable
    too_large: bool = False
    size: int | None = None  # bytes read (or declared, when refused for size)

    @property
    def available(self) -> bool:
        return self.text is not None

    def as_dict(self) -> dict:
        return {"url": self.url, "final_url": self.final_url, "status": self.status,
                "content_type": self.content_type, "problem": self.problem,
                "too_large": self.too_large, "size": self.size,
                "kind": self.text.kind if self.text else None,
                "pages": self.text.page_count if self.text else None}


class Network:
    """The clients one gathering run uses, chosen for the cassette state.

    No cassette: one pinned client (connections go only to checked addresses).
    Replaying a cassette (``claimcheck.net.cassette.replaying``): hosts the
    cassette recorded are answered from it (urllib3's ordinary connections,
    which vcrpy patches) with no DNS; an address allowed by ``allowed_hosts``
    (a loopback test server) is reached live through the pinned client; every
    other host is unresolvable. Recording: ordinary connections, guarded.
    """

    def __init__(self, options: SourceOptions, *, retries: int | None = None) -> None:
        from claimcheck.net import cassette

        self.options = options
        self.cassette = cassette.active()
        probe = ProbeOptions(
            max_concurrency=max(options.fetch_concurrency, options.crossref_concurrency),
            per_host=max(options.crossref_concurrency, 2), timeout=options.timeout,
            retries=options.retries if retries is None else retries, backoff=options.backoff,
            retry_after_cap=options.retry_after_cap, max_redirects=options.max_redirects,
            max_body=options.max_source_bytes, user_agent=options.agent(),
            headers=dict(options.extra_headers), allow_private=options.allow_private,
            allowed_hosts=frozenset(options.allowed_hosts), archive_api=_archive_api(options))
        self.probe = probe
        replay = self.cassette is not None and self.cassette.mode == "replay"
        if replay:
            hosts = self.cassette.hosts
            self._replayed_hosts = hosts
            recorded = AddressGuard(options.resolver, known_hosts=hosts, only_known_hosts=True)
            live = AddressGuard(options.resolver, allow_private=options.allow_private,
                                known_hosts=[h for h in options.allowed_hosts if _is_ip(h)],
                                only_known_hosts=True)
            self._recorded = Client(probe, recorded, pinned=False)
            self._live = Client(probe, live, pinned=True)
        else:
            self._replayed_hosts = frozenset()
            guard = AddressGuard(options.resolver, allow_private=options.allow_private,
                                 allowed_hosts=options.allowed_hosts)
            client = Client(probe, guard, pinned=self.cassette is None)
            self._recorded = self._live = client

    @property
    def serial(self) -> bool:
        """vcrpy is not thread-safe: one request at a time while a cassette is active."""
        return self.cassette is not None

    def client_for(self, url: str) -> Client:
        host = (urlsplit(url).hostname or "").lower()
        return self._recorded if host in self._replayed_hosts else self._live

    def send(self, method: str, url: str, reader=None, *, retries: int | None = None) -> Outcome:
        if self.options.remap is not None:
            url = self.options.remap(url)  # --remap: a mirror or a loopback stand-in
        return self.client_for(url).send(method, url, reader, retries=retries)

    def close(self) -> None:
        self._recorded.close()
        if self._live is not self._recorded:
            self._live.close()

    def __enter__(self) -> Network:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _archive_api(options: SourceOptions) -> str:
    return options.wayback_base.rstrip("/") + "/wayback/available"


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def fetch_source(network: Network, url: str) -> Fetched:
    """Fetch ``url`` (following checked redirects) and extract its text."""
    options = network.options
    current = urldefrag(url.strip())[0]
    seen: set[str] = set()
    for _ in range(options.max_redirects + 1):
        if current in seen:
            return Fetched(url, current, problem=f"redirect loop back to {current}")
        seen.add(current)
        state: dict = {}
        outcome = network.send("GET", current, _reader(options, state))
        if outcome.error_kind is not None:
            return Fetched(url, current, problem=outcome.error or outcome.error_kind)
        location = outcome.headers.get("Location") if outcome.status in _REDIRECTS else None
        if not location:
            return _judge(url, current, outcome, state, options)
        current = urldefrag(urljoin(current, location.strip()))[0]
        if urlsplit(current).scheme.lower() not in {"http", "https"}:
            return Fetched(url, current, problem=f"redirect to a non-http(s) URL: {current}")
    return Fetched(url, current, problem=f"too many redirects (more than {options.max_redirects})")


def _reader(options: SourceOptions, state: dict) -> Callable:
    cap = options.max_source_bytes

    def read(response) -> tuple[bytes, bool] | None:
        if response.status in _REDIRECTS or response.status >= 400:
            return None
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            state["too_large"] = int(declared)  # refused before reading the body
            return b"", True
        body, truncated = read_body(response, cap + 1, time.monotonic() + options.fetch_deadline)
        if len(body) > cap:
            state["too_large"] = None
            return b"", True
        state["cut"] = truncated
        return body, truncated

    return read


def _judge(url: str, final: str, outcome: Outcome, state: dict, options: SourceOptions) -> Fetched:
    content_type = outcome.headers.get("Content-Type")
    if outcome.status is None or outcome.status >= 400:
        return Fetched(url, final, outcome.status, content_type, problem=f"HTTP {outcome.status}")
    if "too_large" in state:
        declared = state["too_large"]
        limit = _megabytes(options.max_source_bytes)
        size = f"{_megabytes(declared)}" if declared else f"more than {limit}"
        return Fetched(url, final, outcome.status, content_type, too_large=True, size=declared,
                       problem=f"too large: {size} (the limit is {limit}); not downloaded")
    body = outcome.body or b""
    if state.get("cut"):
        return Fetched(url, final, outcome.status, content_type, size=len(body),
                       problem="the body did not arrive in time")
    try:
        text = extract_text(body, content_type)
    except ValueError as error:
        return Fetched(url, final, outcome.status, content_type, size=len(body), problem=str(error))
    return Fetched(url, final, outcome.status, content_type, text, size=len(body))


def _megabytes(size: int | None) -> str:
    return f"{(size or 0) / 1_000_000:.1f} MB"


def extract_text(body: bytes, content_type: str | None) -> SourceText:
    """The text of a source body; ``ValueError`` when it has none we can read."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if body.lstrip()[:5] == b"%PDF-" or kind == "application/pdf":
        return pdf_text(body)
    if is_html(content_type) or (not kind and body.lstrip()[:1] == b"<"):
        return html_text(decode_body(body, content_type))
    if kind.startswith("text/") or not kind:
        text = decode_body(body, content_type)
        return SourceText(text, kind="text", title=text[:_TITLE_TEXT_LIMIT])
    raise ValueError(f"not a page or a PDF ({kind}); its text cannot be read")


def html_text(html: str) -> SourceText:
    """Main text by trafilatura (visible text when it finds none); ``title`` holds the
    page's title and the start of its visible text, for the cited-title check."""
    import trafilatura

    with _quiet("trafilatura"), _quiet("htmldate"):
        main = trafilatura.extract(html, include_comments=False, include_tables=True,
                                   favor_recall=True)
    visible = visible_text(html, limit=2_000_000)
    text = main if main and len(main.split()) >= 5 else visible
    if not text.strip():
        raise ValueError("the page has no text")
    return SourceText(text, kind="html", title=f"{page_title(html)}\n{visible[:_TITLE_TEXT_LIMIT]}")


def pdf_text(body: bytes) -> SourceText:
    """Text of each page of a PDF, by pypdf."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with _quiet("pypdf"):
            reader = PdfReader(io.BytesIO(body))
            if reader.is_encrypted:
                reader.decrypt("")
            pages = [page.extract_text() or "" for page in reader.pages]
            meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValueError(f"unreadable PDF: {error}") from None
    except Exception as error:
        raise ValueError(f"unreadable PDF: {type(error).__name__}: {error}") from None
    if not any(page.strip() for page in pages):
        raise ValueError("the PDF has no text layer (a scan?)")
    head = "\n".join(pages[:2])[:_TITLE_TEXT_LIMIT]
    return SourceText.from_pages(pages, "pdf", f"{meta_title}\n{head}")


@contextmanager
def _quiet(name: str):
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
