"""The verdict on each claim: supported, problem, unverifiable or not checked.

Pure: reads a paper, the findings and the link probes of one verify run and
returns records; no I/O, no formatting. Both audit reporters (HTML and
Markdown) read these verdicts, so they always agree.

The rules, first match wins:

``problem``
    a finding of at least ``problem_at`` severity (default: warning) is
    attached to the claim -- on the claim itself (``location.claim``), on one
    of its footnotes (``location.footnote``) or on one of its reference
    entries (``location.reference``) -- or a URL of its source was probed and
    found dead (broken, soft 404, TLS failure, missing anchor).
``unverifiable``
    the claim names no source: no footnote and no reference entry.
``not checked``
    the checks that would judge its source did not run (no notes, reference
    or URL rule was run), or links were checked but a URL of its source got no
    answer either way (blocked, timed out, skipped, not probed).
``supported``
    otherwise: the source is linked, reachable when links were checked, and
    the quote was found when sources were checked (a quote that was not found
    is an S001 finding on the claim, hence a problem).

Info findings (a statement that may date, an unbalanced quotation mark) stay
attached to the claim and are shown with it, but do not make it a problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from claimcheck.finding import Finding, Severity
from claimcheck.model import Claim, Paper, UrlRef


class Verdict(str, Enum):
    SUPPORTED = "supported"
    PROBLEM = "problem"
    UNVERIFIABLE = "unverifiable"
    NOT_CHECKED = "not_checked"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


VERDICT_ORDER = (Verdict.SUPPORTED, Verdict.PROBLEM, Verdict.UNVERIFIABLE, Verdict.NOT_CHECKED)

# Probe verdicts (claimcheck.net) by what they say of a source.
REACHABLE = frozenset({"ok", "redirected"})
DEAD = frozenset({"broken", "soft_404", "ssl_error", "fragment_missing"})

# Rule families that judge the chain claim -> footnote -> reference -> URL.
CHAIN_FAMILIES = frozenset("NRU")
QUOTE_RULE = "S001"  # quote-not-in-source (network)


@dataclass(frozen=True, slots=True)
class Scope:
    """What one verify run checked."""

    rules_run: frozenset[str]
    links_checked: bool

    @property
    def sources_checked(self) -> bool:
        return QUOTE_RULE in self.rules_run

    @property
    def chain_checked(self) -> bool:
        return any(code[0] in CHAIN_FAMILIES for code in self.rules_run)

    @classmethod
    def of(cls, rules: Iterable[str], not_run: Iterable[str], probes: Mapping[str, Any]) -> "Scope":
        skipped = set(not_run)
        return cls(frozenset(code for code in rules if code not in skipped), bool(probes))


@dataclass(frozen=True, slots=True)
class UrlCheck:
    """A URL of a claim's source and what the link check said of it."""

    url: str
    printed: str
    source: str  # "footnote 3" or "reference foreign2016policy"
    verdict: str | None  # a claimcheck.net verdict; None when it was not probed
    status: int | None = None
    archived_url: str | None = None

    @property
    def reachable(self) -> bool:
        return self.verdict in REACHABLE

    @property
    def dead(self) -> bool:
        return self.verdict in DEAD


@dataclass(frozen=True, slots=True)
class ClaimVerdict:
    claim: Claim
    verdict: Verdict
    reasons: tuple[str, ...]
    findings: tuple[int, ...]  # indices into the run's findings, in order
    urls: tuple[UrlCheck, ...]


def attached(claim: Claim, finding: Finding) -> bool:
    """Whether ``finding`` concerns ``claim``, its footnotes or its reference entries."""
    where = finding.location
    return (where.claim == claim.id
            or (where.footnote is not None and where.footnote in claim.footnotes)
            or (where.reference is not None and where.reference in claim.refs))


def claim_urls(paper: Paper, claim: Claim, probes: Mapping[str, Any]) -> tuple[UrlCheck, ...]:
    """The URLs of the claim's footnotes, then of its reference entries, once each."""
    notes = {note.n: note for note in paper.footnotes}
    references = {ref.key: ref for ref in paper.references}
    found: dict[str, UrlCheck] = {}

    def add(url: UrlRef, source: str) -> None:
        if url.url not in found:
            found[url.url] = _url_check(url, source, probes)

    for n in claim.footnotes:
        for url in notes[n].urls if n in notes else ():
            add(url, f"footnote {n}")
    for key in claim.refs:
        for url in references[key].fields.urls if key in references else ():
            add(url, f"reference {key}")
    return tuple(found.values())


def _url_check(url: UrlRef, source: str, probes: Mapping[str, Any]) -> UrlCheck:
    probe = probes.get(url.url) or probes.get(url.printed)
    if probe is None:
        return UrlCheck(url.url, url.printed, source, None)
    return UrlCheck(url.url, url.printed, source, probe.verdict, getattr(probe, "http_status", None),
                    getattr(probe, "archived_url", None))


def judge(paper: Paper, claim: Claim, findings: Sequence[Finding], scope: Scope,
          probes: Mapping[str, Any], *, problem_at: Severity = Severity.WARNING) -> ClaimVerdict:
    """The verdict on one claim, with the reasons a reader is shown."""
    mine = tuple(i for i, finding in enumerate(findings) if attached(claim, finding))
    urls = claim_urls(paper, claim, probes) if scope.links_checked else claim_urls(paper, claim, {})
    serious = [findings[i] for i in mine if findings[i].severity.at_least(problem_at)]
    dead = [url for url in urls if url.dead]
    if serious or dead:
        reasons = [f"{f.code} {f.name}: {f.message}" for f in serious]
        reasons += [f"{url.url} ({url.source}) is {url.verdict.replace('_', ' ')}" for url in dead]
        return ClaimVerdict(claim, Verdict.PROBLEM, tuple(reasons), mine, urls)
    if not claim.footnotes and not claim.refs:
        return ClaimVerdict(claim, Verdict.UNVERIFIABLE,
                            ("no footnote and no reference entry gives a source",), mine, urls)
    unanswered = [url for url in urls if not url.reachable] if scope.links_checked else []
    if not scope.chain_checked or unanswered:
        reasons = [] if scope.chain_checked else ["no footnote, reference or URL rule was run"]
        reasons += [f"{url.url} ({url.source}): "
                    f"{url.verdict.replace('_', ' ') if url.verdict else 'not probed'}"
                    for url in unanswered]
        return ClaimVerdict(claim, Verdict.NOT_CHECKED, tuple(reasons), mine, urls)
    return ClaimVerdict(claim, Verdict.SUPPORTED, _support(claim, urls, scope), mine, urls)


def _support(claim: Claim, urls: Sequence[UrlCheck], scope: Scope) -> tuple[str, ...]:
    reasons = []
    if claim.footnotes:
        reasons.append("cites footnote" + ("s " if len(claim.footnotes) > 1 else " ")
                       + ", ".join(str(n) for n in claim.footnotes))
    if claim.refs:
        reasons.append("linked to " + ", ".join(claim.refs))
    if urls:
        reasons.append("URL reachable" if scope.links_checked else "URL not checked")
    if claim.quotes:
        reasons.append("quote found in the source" if scope.sources_checked
                       else "quote not compared with the source")
    return tuple(reasons)


def judge_all(paper: Paper, findings: Sequence[Finding], rules: Iterable[str],
              not_run: Iterable[str], probes: Mapping[str, Any], *,
              problem_at: Severity = Severity.WARNING) -> list[ClaimVerdict]:
    """The verdict on every claim of the paper, in reading order."""
    scope = Scope.of(rules, not_run, probes)
    return [judge(paper, claim, findings, scope, probes, problem_at=problem_at)
            for claim in paper.claims]


def verdict_counts(verdicts: Iterable[ClaimVerdict]) -> dict[Verdict, int]:
    counts = {verdict: 0 for verdict in VERDICT_ORDER}
    for item in verdicts:
        counts[item.verdict] += 1
    return counts
