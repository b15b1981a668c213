"""Crossref and OpenAlex, asked politely, answering in one record type.

Crossref (https://api.crossref.org): ``/works/{doi}`` for a reference with a
DOI, ``/works?query.bibliographic=...&rows=3`` for one without. Polite use:
the contact address (``SourceOptions.mailto``, ``CLAIMCHECK_MAILTO``) goes
in the User-Agent and as ``mailto=`` in every query; at most
``crossref_concurrency`` (3) requests in flight; a 429 waits for its
``Retry-After`` (the client retries it); and the spacing Crossref asks for in
``X-Rate-Limit-Limit`` / ``X-Rate-Limit-Interval`` (e.g. 50 per ``1s``) is
kept between request starts from then on.

OpenAlex (https://api.openalex.org) is a second source, asked only when an
API key is configured (``CLAIMCHECK_OPENALEX_KEY``) and Crossref has no
answer: ``/works/doi:{doi}`` or ``/works?search=...``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from claimcheck.net.transport import read_body
from claimcheck.sources.fetch import Network
from claimcheck.sources.options import SourceOptions

__all__ = ["Crossref", "OpenAlex", "RegistryError", "RegistryRecord", "Update"]

_MAX_JSON = 5_000_000
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$")


class RegistryError(Exception):
    """The registry could not be asked (network, 5xx, rate limit after retries)."""


@dataclass(frozen=True, slots=True)
class Update:
    """A retraction, correction or other notice about a work."""

    type: str  # retraction, correction, erratum, expression_of_concern, withdrawal, ...
    doi: str | None = None
    date: str | None = None
    direction: str = "updated-by"  # updated-by: a notice about this work; update-to: this IS a notice

    def as_dict(self) -> dict:
        return {"type": self.type, "doi": self.doi, "date": self.date, "direction": self.direction}


@dataclass(frozen=True, slots=True)
class RegistryRecord:
    """A work as a registry describes it (fields as in ``WorkFields``)."""

    source: str  # crossref | openalex
    doi: str | None
    title: str | None
    authors: tuple[str, ...] = ()  # "Family, Given"
    year: str | None = None
    years: tuple[str, ...] = ()  # every date the registry gives (print, online, issued)
    container: str | None = None
    containers: tuple[str, ...] = ()  # with short titles and abbreviations
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    kind: str | None = None
    score: float | None = None  # the registry's relevance score for a search
    updates: tuple[Update, ...] = ()

    def as_dict(self) -> dict:
        return {"source": self.source, "doi": self.doi, "title": self.title,
                "authors": list(self.authors), "year": self.year, "container": self.container,
                "volume": self.volume, "issue": self.issue, "pages": self.pages, "kind": self.kind,
                "score": self.score, "updates": [u.as_dict() for u in self.updates]}


class _Gate:
    """At most ``concurrency`` requests in flight, and ``spacing`` seconds between
    two request starts (learned from the registry's rate-limit headers)."""

    def __init__(self, concurrency: int) -> None:
        self._semaphore = threading.Semaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._next = 0.0
        self.spacing = 0.0

    def __enter__(self) -> None:
        self._semaphore.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.spacing
        if start > now:
            time.sleep(start - now)

    def __exit__(self, *exc) -> None:
        self._semaphore.release()

    def learn(self, limit: str | None, interval: str | None) -> None:
        if not limit or not interval or not limit.strip().isdigit() or int(limit) <= 0:
            return
        match = _INTERVAL.match(interval)
        if not match:
            return
        seconds = float(match.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[match.group(2) or "s"]
        with self._lock:
            self.spacing = seconds / int(limit)


@dataclass
class _Api:
    network: Network
    options: SourceOptions
    gate: _Gate = field(init=False)
    requests: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.gate = _Gate(self.options.crossref_concurrency)

    def get_json(self, url: str) -> dict | None:
        """The JSON body of a 200; None for a 404; ``RegistryError`` otherwise."""
        with self.gate:
            self.requests += 1
            outcome = self.network.send("GET", url, _read_json)
        self.gate.learn(outcome.headers.get("X-Rate-Limit-Limit"),
                        outcome.headers.get("X-Rate-Limit-Interval"))
        if outcome.error_kind is not None:
            raise RegistryError(outcome.error or outcome.error_kind)
        if outcome.status == 404:
            return None
        if outcome.status != 200 or not outcome.body:
            raise RegistryError(f"HTTP {outcome.status}")
        try:
            return json.loads(outcome.body)
        except ValueError as error:
            raise RegistryError(f"not JSON: {error}") from None


def _read_json(response) -> tuple[bytes, bool]:
    return read_body(response, _MAX_JSON, time.monotonic() + 30.0)


class Crossref(_Api):
    def _query(self, **params: str) -> str:
        if self.options.mailto:
            params["mailto"] = self.options.mailto
        return urlencode(params)

    def work(self, doi: str) -> RegistryRecord | None:
        """The work registered as ``doi``; None when Crossref does not know it."""
        base = self.options.crossref_base.rstrip("/")
        query = self._query()
        url = f"{base}/works/{quote(doi, safe='/')}" + (f"?{query}" if query else "")
        data = self.get_json(url)
        if data is None:
            return None
        return crossref_record(data.get("message") or {})

    def search(self, bibliographic: str, rows: int | None = None) -> list[RegistryRecord]:
        """The best matches of a free-text reference, best first."""
        base = self.options.crossref_base.rstrip("/")
        url = f"{base}/works?" + self._query(**{"query.bibliographic": bibliographic,
                                                "rows": str(rows or self.options.crossref_rows)})
        data = self.get_json(url) or {}
        items = (data.get("message") or {}).get("items") or []
        return [crossref_record(item) for item in items]


def crossref_record(message: dict) -> RegistryRecord:
    """A Crossref work (the ``message`` of ``/works/{doi}``, or a search item)."""
    title = " ".join(message.get("title") or []) or None
    subtitle = " ".join(message.get("subtitle") or [])
    if title and subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    authors = tuple(_crossref_name(a) for a in message.get("author") or [] if _crossref_name(a))
    years = []
    for key in ("published-print", "published-online", "issued", "published"):
        parts = (message.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            years.append(str(parts[0][0]))
    containers = tuple(dict.fromkeys(
        t for key in ("container-title", "short-container-title") for t in message.get(key) or []))
    return RegistryRecord(
        source="crossref", doi=(message.get("DOI") or "").lower() or None, title=title,
        authors=authors, year=years[0] if years else None, years=tuple(dict.fromkeys(years)),
        container=containers[0] if containers else None, containers=containers,
        volume=message.get("volume"), issue=message.get("issue") or message.get("journal-issue", {}).get("issue"),
        pages=message.get("page"), kind=message.get("type"), score=message.get("score"),
        updates=_crossref_updates(message))


def _crossref_name(author: dict) -> str:
    family = (author.get("family") or "").strip()
    given = (author.get("given") or "").strip()
    if family:
        return f"{family}, {given}" if given else family
    return (author.get("name") or "").strip()


_NOTICE_RELATIONS = {"is-retracted-by": "retraction", "is-corrected-by": "correction",
                     "has-retraction": "retraction", "has-correction": "correction",
                     "is-expression-of-concern-for": "expression_of_concern"}


def _crossref_updates(message: dict) -> tuple[Update, ...]:
    """Notices about this work (``updated-by``, ``relation``) and, when this work
    is itself a notice, what it updates (``update-to``)."""
    found: list[Update] = []
    for direction in ("updated-by", "update-to"):
        for item in message.get(direction) or []:
            kind = str(item.get("type") or "update").lower().replace("-", "_")
            parts = ((item.get("updated") or {}).get("date-parts") or [[None]])[0]
            date = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts) if p) or None
            found.append(Update(kind, (item.get("DOI") or "").lower() or None, date, direction))
    for relation, targets in (message.get("relation") or {}).items():
        kind = _NOTICE_RELATIONS.get(relation)
        if kind is None:
            continue
        for target in targets or []:
            doi = str(target.get("id") or "").lower() if target.get("id-type") == "doi" else None
            if not any(u.type == kind and u.doi == doi for u in found):
                found.append(Update(kind, doi, None, "updated-by"))
    return tuple(found)


class OpenAlex(_Api):
    """A small OpenAlex client (used only with an API key)."""

    def _params(self, **params: str) -> str:
        if self.options.openalex_key:
            params["api_key"] = self.options.openalex_key
        if self.options.mailto:
            params["mailto"] = self.options.mailto
        return urlencode(params)

    def work(self, doi: str) -> RegistryRecord | None:
        base = self.options.openalex_base.rstrip("/")
        data = self.get_json(f"{base}/works/doi:{quote(doi, safe='/')}?{self._params()}")
        return openalex_record(data) if data else None

    def search(self, text: str, rows: int | None = None) -> list[RegistryRecord]:
        base = self.options.openalex_base.rstrip("/")
        url = f"{base}/works?" + self._params(search=text,
                                              per_page=str(rows or self.options.crossref_rows))
        data = self.get_json(url) or {}
        return [openalex_record(item) for item in data.get("results") or []]


def openalex_record(work: dict) -> RegistryRecord:
    authors = []
    for authorship in work.get("authorships") or []:
        name = ((authorship.get("author") or {}).get("display_name") or "").strip()
        if name:
            given, _, family = name.rpartition(" ")
            authors.append(f"{family}, {given}" if given else family)
    biblio = work.get("biblio") or {}
    first, last = biblio.get("first_page"), biblio.get("last_page")
    pages = f"{first}-{last}" if first and last and first != last else first
    source = ((work.get("primary_location") or {}).get("source") or {})
    doi = (work.get("doi") or "").lower().removeprefix("https://doi.org/") or None
    year = str(work["publication_year"]) if work.get("publication_year") else None
    updates = (Update("retraction", None, None, "updated-by"),) if work.get("is_retracted") else ()
    container = source.get("display_name")
    return RegistryRecord(
        source="openalex", doi=doi, title=work.get("display_name") or work.get("title"),
        authors=tuple(authors), year=year, years=(year,) if year else (), container=container,
        containers=(container,) if container else (), volume=biblio.get("volume"),
        issue=biblio.get("issue"), pages=pages, kind=work.get("type"),
        score=work.get("relevance_score"), updates=updates)
