"""Gather every source verdict of a paper before the rules run.

``gather(paper, options) -> dict`` fetches what the paper's notes cite, looks
its reference entries up in the registries, and returns plain records under
the keys S001, S003 and S005 read (see the package docstring for the
contract). It is pure apart from the network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from claimcheck.model import Footnote, Paper, Reference
from claimcheck.sources.compare import (
    RegistryCheck,
    bibliographic_query,
    compare_fields,
    is_certain_match,
    title_score,
)
from claimcheck.sources.fetch import Fetched, Network, fetch_source
from claimcheck.sources.options import SourceOptions
from claimcheck.sources.registry import (
    Crossref,
    OpenAlex,
    RegistryError,
    RegistryRecord,
)
from claimcheck.sources.search import QuoteMatch, locate, search_quote
from claimcheck.sources.text import normalize_plain

__all__ = ["ArchiveCheck", "PageCheck", "QuoteJob", "QuoteVerdict", "gather", "quote_jobs"]

REGISTRY_KINDS = frozenset({"article", "book", "chapter"})
_RANK = {"found": 4, "close": 3, "partial": 2, "not_found": 1}
_PINPOINT = re.compile(r"(\d{1,5})(?:\s*[-‐‑‒–—]+\s*(\d{1,5}))?")
_TITLE_FOUND = 90.0


# --------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class ArchiveCheck:
    """The Wayback snapshot closest to the access date, and what it holds."""

    snapshot: str | None  # https://web.archive.org/web/<timestamp>/<url>, None when none
    timestamp: str | None = None
    verdict: str | None = None  # the quotation's search verdict in the snapshot
    title_found: bool | None = None
    problem: str | None = None  # the archive could not be asked or the snapshot read

    def as_dict(self) -> dict:
        return {"snapshot": self.snapshot, "timestamp": self.timestamp, "verdict": self.verdict,
                "title_found": self.title_found, "problem": self.problem}


@dataclass(frozen=True)
class QuoteJob:
    """One quotation of a claim and the sources its note(s) give."""

    claim: str
    n: int  # 1-based index into Claim.quotes
    quote: str
    urls: tuple[str, ...]
    footnote: int | None = None
    pinpoint: str | None = None  # the note's pages ("2", "2-3")
    first_page: int | None = None  # first printed page of the work (its entry's range)
    accessed: str | None = None  # YYYYMMDD to look for a snapshot near

    @property
    def key(self) -> str:
        return f"quote:{self.claim}:{self.n}"


@dataclass(frozen=True)
class QuoteVerdict:
    """``probes["quote:<claim id>:<n>"]``: the verdict on one quotation."""

    claim: str
    n: int
    quote: str
    verdict: str  # found | close | partial | not_found | source_unavailable
    url: str | None = None  # the source the verdict is about
    footnote: int | None = None
    match: QuoteMatch | None = None
    source: Fetched | None = None
    pinpoint: str | None = None
    expected_pages: tuple[int, int] | None = None  # the pinpoint as pages of the fetched PDF
    page_mismatch: bool = False  # found on a page outside the pinpoint
    problem: str | None = None  # why the source is unavailable
    archive: ArchiveCheck | None = None
    tried: tuple[tuple[str, str], ...] = ()  # (url, verdict) of every source tried

    @property
    def key(self) -> str:
        return f"quote:{self.claim}:{self.n}"

    @property
    def drifted(self) -> bool:
        """The live page lacks the quotation but its archived copy has it."""
        return (self.verdict in {"not_found", "partial"} and self.archive is not None
                and self.archive.verdict in {"found", "close"})

    def as_dict(self) -> dict:
        match = self.match.as_dict() if self.match else {}
        return {
            "claim": self.claim, "quote_index": self.n, "quote": self.quote,
            "verdict": self.verdict, "url": self.url, "footnote": self.footnote,
            "score": match.get("score"), "passage": match.get("passage"),
            "start": match.get("start"), "end": match.get("end"), "page": match.get("page"),
            "differences": match.get("differences", []), "coverage": match.get("coverage"),
            "parts": match.get("parts", []), "pinpoint": self.pinpoint,
            "expected_pages": list(self.expected_pages) if self.expected_pages else None,
            "page_mismatch": self.page_mismatch, "problem": self.problem,
            "source": self.source.as_dict() if self.source else None,
            "archive": self.archive.as_dict() if self.archive else None,
            "tried": [{"url": u, "verdict": v} for u, v in self.tried],
        }


@dataclass(frozen=True)
class PageCheck:
    """``probes["page:<url>"]``: does a cited page still carry the cited title."""

    url: str
    footnote: int | None
    title: str
    available: bool
    title_found: bool | None = None  # None when the page could not be read
    score: float | None = None
    problem: str | None = None
    archive: ArchiveCheck | None = None

    def as_dict(self) -> dict:
        return {"url": self.url, "footnote": self.footnote, "title": self.title,
                "available": self.available, "title_found": self.title_found,
                "score": None if self.score is None else round(self.score, 1),
                "problem": self.problem, "archive": self.archive.as_dict() if self.archive else None}


@dataclass
class _Run:
    options: SourceOptions
    network: Network
    fetched: dict[str, Fetched] = field(default_factory=dict)
    snapshots: dict[tuple[str, str | None], tuple[ArchiveCheck, Fetched | None]] = field(
        default_factory=dict)
    archive_down: bool = False

    def map(self, function: Callable, items: Iterable, workers: int) -> list:
        items = list(items)
        if self.network.serial or workers <= 1 or len(items) <= 1:
            return [function(item) for item in items]
        with ThreadPoolExecutor(min(workers, len(items)), thread_name_prefix="claimcheck-src") as pool:
            return list(pool.map(function, items))


# --------------------------------------------------------------------------
# gather


def gather(paper: Paper, options: SourceOptions | dict | None = None) -> dict[str, Any]:
    """Every source verdict of ``paper``, keyed for ``CheckContext.probes``."""
    opts = SourceOptions.coerce(options)
    jobs = quote_jobs(paper) if opts.quotes else []
    pages = title_jobs(paper) if opts.check_titles else {}
    results: dict[str, Any] = {}
    with Network(opts) as network:
        run = _Run(opts, network)
        urls = list(dict.fromkeys([u for job in jobs for u in job.urls] + list(pages)))
        for url, fetched in zip(urls, run.map(lambda u: _fetch(network, u), urls,
                                              opts.fetch_concurrency)):
            run.fetched[url] = fetched
        for job in jobs:
            results[job.key] = _judge_quote(run, job)
        for url, (footnote, title, accessed) in pages.items():
            results[f"page:{url}"] = _check_page(run, url, footnote, title, accessed)
        if opts.registry:
            for check in _registry_checks(run, paper.references):
                results[f"crossref:{check.key}"] = check
    claims: dict[str, list[dict]] = {}
    for job in jobs:
        claims.setdefault(job.claim, []).append(results[job.key].as_dict())
    results["sources"] = {
        "ran": True, "claims": claims,
        "fetched": {url: f.as_dict() for url, f in run.fetched.items()},
        "registry": opts.registry, "mailto": bool(opts.mailto),
        "openalex": bool(opts.openalex_key),
    }
    return results


def _fetch(network: Network, url: str) -> Fetched:
    try:
        return fetch_source(network, url)
    except Exception as error:
        return Fetched(url, url, problem=f"fetch failed: {type(error).__name__}: {error}")


# --------------------------------------------------------------------------
# what to fetch


def quote_jobs(paper: Paper) -> list[QuoteJob]:
    """Each quotation of each claim, with the URLs and pinpoint of its note(s)."""
    urls_of, accessed_of = _note_urls(paper)
    notes = {note.n: note for note in paper.footnotes}
    entries = {entry.key: entry for entry in paper.references}
    jobs = []
    for claim in paper.claims:
        if not claim.quotes:
            continue
        urls: list[str] = []
        pinpoint = first_page = footnote = None
        for n in claim.footnotes:
            note = notes.get(n)
            if note is None:
                continue
            found = _urls_of_note(note, notes, urls_of, entries)
            if found and footnote is None:
                footnote, pinpoint = n, _pinpoint(note)
                first_page = _first_page(note, notes, entries)
            urls.extend(found)
        for key in claim.refs:
            entry = entries.get(key)
            if entry is not None:
                urls.extend(u.url for u in entry.fields.urls)
        urls = [u for u in dict.fromkeys(urls) if u.lower().startswith(("http://", "https://"))]
        if not urls:
            continue
        for index, quote in enumerate(claim.quotes, start=1):
            jobs.append(QuoteJob(claim.id, index, quote, tuple(urls), footnote, pinpoint,
                                 first_page, accessed_of.get(urls[0])))
    return jobs


def title_jobs(paper: Paper) -> dict[str, tuple[int, str, str | None]]:
    """URL -> (note, cited title, access date) for every note URL cited with a title."""
    urls_of, accessed_of = _note_urls(paper)
    found: dict[str, tuple[int, str, str | None]] = {}
    for note in paper.footnotes:
        titles = [c.fields.title for c in note.citations if c.fields.title and not c.crossref]
        if len(titles) != 1 or len(titles[0].split()) < 2:
            continue  # no title, or several works in one note: which title goes with the URL?
        for url in urls_of.get(note.n, []):
            found.setdefault(url, (note.n, titles[0], accessed_of.get(url)))
    return found


def _note_urls(paper: Paper) -> tuple[dict[int, list[str]], dict[str, str | None]]:
    from claimcheck.links.collect import paper_urls
    from claimcheck.links.runner import paper_probe_dates

    by_note: dict[int, list[str]] = {}
    for item in paper_urls(paper):
        if item.footnote is not None and item.url.lower().startswith(("http://", "https://")):
            by_note.setdefault(item.footnote, []).append(item.url)
    return by_note, paper_probe_dates(paper)


def _urls_of_note(note: Footnote, notes: dict[int, Footnote], urls_of: dict[int, list[str]],
                  entries: dict[str, Reference], depth: int = 0) -> list[str]:
    """The note's own URLs, else those of the note an Ibid. points to, else the entry's."""
    if urls_of.get(note.n):
        return list(urls_of[note.n])
    found: list[str] = []
    for citation in note.citations:
        found.extend(u.url for u in citation.fields.urls)
        if citation.crossref and depth < 3:
            for target in citation.crossref.targets:
                if target in notes and target != note.n:
                    found.extend(_urls_of_note(notes[target], notes, urls_of, entries, depth + 1))
        if not found and citation.ref_key in entries:
            found.extend(u.url for u in entries[citation.ref_key].fields.urls)
    return found


def _pinpoint(note: Footnote) -> str | None:
    for citation in note.citations:
        if citation.fields.pages:
            return citation.fields.pages
    return None


def _first_page(note: Footnote, notes: dict[int, Footnote], entries: dict[str, Reference]) -> int | None:
    for citation in note.citations:
        entry = entries.get(citation.ref_key or "")
        if entry is not None and entry.fields.pages and (m := _PINPOINT.search(entry.fields.pages)):
            return int(m.group(1))
    return None


def expected_pages(pinpoint: str | None, first_page: int | None, page_count: int) -> tuple[int, int] | None:
    """The pinpoint as 1-based pages of the fetched PDF, when it can be read as such:
    printed pages are shifted by the work's first page (pp. 101-120, cited at 105 ->
    page 5); a pinpoint past the PDF's last page (a year taken for a page) is None."""
    match = _PINPOINT.search(pinpoint or "")
    if not match:
        return None
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    if high < low:  # "123-5": the short form of 123-125
        high = int(str(low)[: len(str(low)) - len(str(high))] + str(high))
    shift = first_page - 1 if first_page and first_page > 1 and low >= first_page else 0
    low, high = low - shift, high - shift
    if low < 1 or high > page_count or high < low:
        return None
    return low, high


# --------------------------------------------------------------------------
# quotations


def _judge_quote(run: _Run, job: QuoteJob) -> QuoteVerdict:
    best: QuoteVerdict | None = None
    tried: list[tuple[str, str]] = []
    problems = []
    for url in job.urls:
        fetched = run.fetched.get(url)
        if fetched is None or not fetched.available:
            reason = fetched.problem if fetched else "not fetched"
            tried.append((url, "source_unavailable"))
            problems.append(f"{url}: {reason}")
            continue
        match = search_quote(job.quote, fetched.text)
        tried.append((url, match.verdict))
        candidate = QuoteVerdict(job.claim, job.n, job.quote, match.verdict, url, job.footnote,
                                 match, fetched, job.pinpoint)
        if best is None or (_RANK[match.verdict], match.score) > (_RANK[best.verdict], best.match.score):
            best = candidate
    if best is None:
        unavailable = [run.fetched.get(u) for u in job.urls]
        first = next((f for f in unavailable if f is not None), None)
        return QuoteVerdict(job.claim, job.n, job.quote, "source_unavailable", job.urls[0],
                            job.footnote, None, first, job.pinpoint, problem="; ".join(problems),
                            tried=tuple(tried))
    best = replace(best, tried=tuple(tried))
    if best.verdict in {"found", "close"} and best.source.text.kind == "pdf" and best.match.page:
        pages = expected_pages(job.pinpoint, job.first_page, best.source.text.page_count)
        if pages is not None:
            low, high = pages
            best = replace(best, expected_pages=pages, page_mismatch=not low <= best.match.page <= high)
    if best.verdict in {"not_found", "partial"} and run.options.archive_lookup:
        best = replace(best, archive=_archived(run, best.url, job.accessed, quote=job.quote))
    return best


# --------------------------------------------------------------------------
# cited titles


def _check_page(run: _Run, url: str, footnote: int, title: str, accessed: str | None) -> PageCheck:
    fetched = run.fetched.get(url)
    if fetched is None or not fetched.available:
        return PageCheck(url, footnote, title, False, problem=fetched.problem if fetched else None)
    score = _title_score(title, fetched)
    found = score >= _TITLE_FOUND
    archive = None
    if not found and run.options.archive_lookup:
        archive = _archived(run, url, accessed, title=title)
    return PageCheck(url, footnote, title, True, found, score, archive=archive)


def _title_score(title: str, fetched: Fetched) -> float:
    wanted = normalize_plain(title).strip(" .,;:")
    text = fetched.text
    haystack = normalize_plain(text.title) if text.title else ""
    score, _, _ = locate(wanted, haystack or text.normalized[0][:20_000], 0.0)
    return score


# --------------------------------------------------------------------------
# the archive


def _archived(run: _Run, url: str, accessed: str | None, *, quote: str | None = None,
              title: str | None = None) -> ArchiveCheck:
    """The snapshot closest to ``accessed`` and whether it holds ``quote`` / ``title``."""
    check, snapshot = _snapshot(run, url, accessed)
    if snapshot is None or not snapshot.available:
        return check
    if quote is not None:
        check = replace(check, verdict=search_quote(quote, snapshot.text).verdict)
    if title is not None:
        check = replace(check, title_found=_title_score(title, snapshot) >= _TITLE_FOUND)
    return check


def _snapshot(run: _Run, url: str, accessed: str | None) -> tuple[ArchiveCheck, Fetched | None]:
    key = (url, accessed)
    if key in run.snapshots:
        return run.snapshots[key]
    if run.archive_down:
        return ArchiveCheck(None, problem="the archive could not be asked"), None
    from claimcheck.net.wayback import ArchiveUnavailable, find_snapshot

    api = run.network.probe.archive_api
    try:
        found = find_snapshot(run.network.client_for(api), url, accessed, api=api)
    except ArchiveUnavailable as error:
        run.archive_down = True  # one failure is enough: do not ask for every source
        return ArchiveCheck(None, problem=f"the archive could not be asked: {error}"), None
    if found is None:
        answer: tuple[ArchiveCheck, Fetched | None] = (ArchiveCheck(None), None)
    else:
        stamp = re.search(r"/web/(\d{4,14})", found)
        fetched = fetch_source(run.network, raw_snapshot_url(found))
        answer = (ArchiveCheck(found, stamp.group(1) if stamp else None,
                               problem=None if fetched.available else fetched.problem), fetched)
    run.snapshots[key] = answer
    return answer


def raw_snapshot_url(snapshot: str) -> str:
    """The archived page as it was captured, without the Wayback banner and link
    rewriting (``/web/<timestamp>id_/<url>``)."""
    return re.sub(r"(/web/\d{1,14})(?:[a-z]{2}_)?/", r"\1id_/", snapshot, count=1)


# --------------------------------------------------------------------------
# registries


def _registry_checks(run: _Run, references: Iterable[Reference]) -> list[RegistryCheck]:
    wanted = [r for r in references if r.fields.kind in REGISTRY_KINDS and (r.fields.doi or r.fields.title)]
    crossref = Crossref(run.network, run.options)
    openalex = OpenAlex(run.network, run.options) if run.options.openalex_key else None

    def check(entry: Reference) -> RegistryCheck:
        try:
            return _registry_check(run.options, crossref, openalex, entry)
        except Exception as error:
            return RegistryCheck(entry.key, "doi" if entry.fields.doi else "query",
                                 error=f"{type(error).__name__}: {error}")

    return run.map(check, wanted, run.options.crossref_concurrency)


def _registry_check(options: SourceOptions, crossref: Crossref, openalex: OpenAlex | None,
                    entry: Reference) -> RegistryCheck:
    fields = entry.fields
    doi = (fields.doi or "").strip().lower() or None
    try:
        if doi:
            record = crossref.work(doi)
            if record is None and openalex is not None:
                record = openalex.work(doi)
            if record is None:
                return RegistryCheck(entry.key, "doi", doi_unknown=doi)
            return RegistryCheck(entry.key, "doi", record, True,
                                 compare_fields(fields, record, title_similarity=options.title_similarity))
        candidates = crossref.search(bibliographic_query(fields))
        record = _certain(fields, candidates, options, options.crossref_min_score)
        if record is None and openalex is not None and fields.title:
            more = openalex.search(fields.title)
            candidates = [*candidates, *more]
            record = _certain(fields, more, options, 0.0)
    except RegistryError as error:
        return RegistryCheck(entry.key, "doi" if doi else "query", error=str(error))
    if record is None:
        return RegistryCheck(entry.key, "query", candidates=len(candidates))
    return RegistryCheck(entry.key, "query", record, True,
                         compare_fields(fields, record, title_similarity=options.title_similarity),
                         suggested_doi=record.doi, candidates=len(candidates))


def _certain(fields, candidates: list[RegistryRecord], options: SourceOptions,
             min_score: float) -> RegistryRecord | None:
    certain = [c for c in candidates if is_certain_match(
        fields, c, min_score=min_score, title_similarity=options.title_similarity)]
    if not certain:
        return None
    return max(certain, key=lambda c: title_score(fields.title or "", c))
