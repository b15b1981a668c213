"""A reference entry against the registry's record of the same work.

Fields compared (only when both sides have a value):

``title``      normalised, ``token_sort_ratio`` < ``title_similarity`` (90);
               the registry's title with and without its subtitle
``authors``    family names, accents and case ignored, in order; a list that
               ends in "et al." (or is cut short) need only be a prefix
``year``       any of the registry's dates (print, online, issued)
``container``  normalised, against the container title and its short forms
``volume``, ``issue``  digits and letters only
``pages``      the range, dashes and "pp." ignored

A search match is *certain* when Crossref's relevance score is at least
``crossref_min_score``, the titles agree (>= ``title_similarity``), and
neither the year (+-1) nor the first author's family name contradicts it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from claimcheck.model import WorkFields
from claimcheck.sources.registry import RegistryRecord, Update
from claimcheck.sources.text import normalize_plain

__all__ = ["Difference", "RegistryCheck", "bibliographic_query", "compare_fields", "is_certain_match"]

NOTICE_TYPES = frozenset({"retraction", "withdrawal", "removal", "partial_retraction"})
CORRECTION_TYPES = frozenset({"correction", "erratum", "corrigendum", "addendum",
                              "expression_of_concern", "clarification"})


@dataclass(frozen=True, slots=True)
class Difference:
    field: str
    paper: str
    registry: str

    def as_dict(self) -> dict:
        return {"field": self.field, "paper": self.paper, "registry": self.registry}


@dataclass(frozen=True)
class RegistryCheck:
    """What the registry says of one reference entry (``probes["crossref:<key>"]``)."""

    key: str
    lookup: str  # doi | query
    record: RegistryRecord | None = None
    certain: bool = False  # the record is this work (by DOI, or a certain search match)
    differences: tuple[Difference, ...] = ()
    suggested_doi: str | None = None  # when the entry has no DOI and the match is certain
    doi_unknown: str | None = None  # the entry's DOI, which the registry does not know
    error: str | None = None  # the registry could not be asked
    candidates: int = 0

    @property
    def retractions(self) -> tuple[Update, ...]:
        return tuple(u for u in self.record.updates if u.type in NOTICE_TYPES) if self.record else ()

    @property
    def corrections(self) -> tuple[Update, ...]:
        return tuple(u for u in self.record.updates if u.type in CORRECTION_TYPES) if self.record else ()

    def as_dict(self) -> dict:
        return {"key": self.key, "lookup": self.lookup,
                "record": self.record.as_dict() if self.record else None,
                "certain": self.certain, "differences": [d.as_dict() for d in self.differences],
                "suggested_doi": self.suggested_doi, "doi_unknown": self.doi_unknown,
                "error": self.error, "candidates": self.candidates}


def bibliographic_query(fields: WorkFields) -> str:
    """The free text Crossref matches a reference by."""
    parts = [*(a.split(",")[0] for a in fields.authors[:3]), fields.title or "",
             fields.container or "", fields.year or "", fields.volume or "", fields.pages or ""]
    return " ".join(" ".join(p.split()) for p in parts if p)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", normalize_plain(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", stripped).split())


def title_score(paper: str, record: RegistryRecord) -> float:
    mine = _plain(paper)
    candidates = [record.title or ""]
    if record.title and ":" in record.title:
        candidates.append(record.title.split(":", 1)[0])
    return max(fuzz.token_sort_ratio(mine, _plain(c)) for c in candidates)


def _family(name: str) -> str:
    return _plain(name.split(",")[0]) if "," in name else _plain(name).split(" ")[-1] if name else ""


def is_certain_match(fields: WorkFields, record: RegistryRecord, *, min_score: float,
                     title_similarity: float) -> bool:
    if not fields.title or not record.title:
        return False
    if record.score is not None and record.score < min_score:
        return False
    if title_score(fields.title, record) < title_similarity:
        return False
    year = _year(fields.year)
    if year and record.years and all(abs(int(y) - year) > 1 for y in record.years if y.isdigit()):
        return False
    if fields.authors and record.authors:
        mine = {_family(a) for a in fields.authors}
        theirs = {_family(a) for a in record.authors}
        if not mine & theirs:
            return False
    return True


def _year(value: str | None) -> int | None:
    match = re.search(r"\d{4}", value or "")
    return int(match.group()) if match else None


def compare_fields(fields: WorkFields, record: RegistryRecord, *,
                   title_similarity: float = 90.0) -> tuple[Difference, ...]:
    """Each field the entry and the registry both give and give differently."""
    found: list[Difference] = []
    if fields.title and record.title and title_score(fields.title, record) < title_similarity:
        found.append(Difference("title", fields.title, record.title))
    if fields.authors and record.authors and not _authors_agree(fields, record.authors):
        found.append(Difference("authors", "; ".join(fields.authors), "; ".join(record.authors)))
    year = _year(fields.year)
    if year and record.years and str(year) not in record.years:
        found.append(Difference("year", fields.year or "", record.year or record.years[0]))
    if fields.container and record.containers and not _container_agrees(fields.container, record):
        found.append(Difference("container", fields.container, record.container or ""))
    for name in ("volume", "issue"):
        mine, theirs = getattr(fields, name), getattr(record, name)
        if mine and theirs and _token(mine) != _token(theirs):
            found.append(Difference(name, mine, theirs))
    if fields.pages and record.pages and _pages(fields.pages) != _pages(record.pages):
        found.append(Difference("pages", fields.pages, record.pages))
    return tuple(found)


def _authors_agree(fields: WorkFields, theirs: tuple[str, ...]) -> bool:
    mine = [_family(a) for a in fields.authors if not re.search(r"\bet al\b", a, re.IGNORECASE)]
    families = [_family(a) for a in theirs]
    truncated = len(mine) < len(fields.authors) or (len(mine) < len(families) and len(mine) >= 3)
    if truncated:
        return families[:len(mine)] == mine
    return families == mine


def _container_agrees(container: str, record: RegistryRecord) -> bool:
    mine = _plain(container)
    for candidate in record.containers:
        theirs = _plain(candidate)
        if fuzz.ratio(mine, theirs) >= 90 or _abbreviates(mine, theirs) or _abbreviates(theirs, mine):
            return True
    return False


def _abbreviates(short: str, long: str) -> bool:
    """"j of things" abbreviates "journal of things": each word a prefix, in order."""
    shorts, longs = short.split(), [w for w in long.split()]
    if not shorts or len(shorts) > len(longs):
        return False
    position = 0
    for word in shorts:
        while position < len(longs) and not longs[position].startswith(word):
            position += 1
        if position == len(longs):
            return False
        position += 1
    return True


def _token(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", value.lower())


def _pages(value: str) -> str:
    value = re.sub(r"^\s*(?:pp?\.?\s*)", "", value.lower())
    return re.sub(r"\s*[-‐‑‒–—―]+\s*", "-", value).strip(" .")
