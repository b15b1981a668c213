"""The audit of one verify run, laid out for a reader: what both reporters render.

``build_audit`` links every record to the others once (claim <-> finding,
footnote <-> claim, reference <-> citing notes, table cell <-> finding) and
gives each an anchor, so the HTML and Markdown templates only iterate. Text
from the paper stays plain text here: escaping is the renderer's business.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimcheck.audit.model import ClaimVerdict, Verdict, judge_all, verdict_counts
from claimcheck.audit.tables import highlighted_cells
from claimcheck.finding import Finding, RuleMeta, Severity
from claimcheck.model import Footnote, Reference, Sentence, Table

if TYPE_CHECKING:
    from claimcheck.engine import VerifyResult

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def anchor(kind: str, key: object) -> str:
    """An id safe in a URL fragment and an HTML attribute: ``claim-c1e9ee3e8``."""
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_.-]", "_", str(key))


_HTTP_URL = re.compile(r"https?://[^\s\"'<>\\`]+\Z", re.IGNORECASE)


def http_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) URL fit for a link, else None
    (no ``javascript:``, no ``data:``, nothing with quotes, spaces or brackets)."""
    return url if url and _HTTP_URL.match(url) else None


@dataclass
class FindingView:
    number: int  # 1-based, in engine order
    finding: Finding
    rule: RuleMeta
    claims: list[str] = field(default_factory=list)  # ids of the claims it is attached to

    @property
    def anchor(self) -> str:
        return anchor("finding", self.number)

    @property
    def severity(self) -> str:
        return self.finding.severity.value


@dataclass
class RuleGroup:
    meta: RuleMeta
    sections: list[tuple[str, str]]  # (heading, text) of the rule's documentation
    findings: list[FindingView]

    @property
    def anchor(self) -> str:
        return anchor("rule", self.meta.code)

    @property
    def severities(self) -> list[str]:
        """The severities of its findings, most severe first (a rule may lower its default)."""
        ranked = sorted(self.findings, key=lambda view: -view.finding.severity.rank)
        return list(dict.fromkeys(view.severity for view in ranked))


@dataclass
class ClaimView:
    verdict: ClaimVerdict
    before: Sentence | None
    after: Sentence | None
    footnotes: list[Footnote]
    references: list[Reference]
    findings: list[FindingView]
    annotation: tuple[str, str | None] | None = None  # (status, note) a person recorded
    quote_checks: list[dict] = field(default_factory=list)  # sources.gather's verdict per quote

    @property
    def claim(self):
        return self.verdict.claim

    @property
    def anchor(self) -> str:
        return anchor("claim", self.claim.id)


@dataclass
class FootnoteView:
    note: Footnote
    claims: list[str]
    findings: list[FindingView]

    @property
    def anchor(self) -> str:
        return anchor("fn", self.note.n)

    @property
    def marker_form(self) -> str:
        return self.note.marker.form if self.note.marker else "none"


@dataclass
class ReferenceView:
    reference: Reference
    cited_by: list[int]  # footnote numbers, once per citation
    cited_in_text: int
    findings: list[FindingView]

    @property
    def anchor(self) -> str:
        return anchor("ref", self.reference.key)

    @property
    def times_cited(self) -> int:
        return len(self.cited_by) + self.cited_in_text


@dataclass
class CellView:
    text: str
    findings: list[FindingView]


@dataclass
class TableView:
    table: Table
    header: list[CellView]
    rows: list[list[CellView]]
    findings: list[FindingView]

    @property
    def anchor(self) -> str:
        return anchor("table", self.table.id)


@dataclass
class Audit:
    path: str
    title: str | None
    authors: tuple[str, ...]
    date: str
    tool_version: str
    checked: list[str]
    not_checked: list[str]
    notices: list[str]
    severity_counts: dict[str, int]
    family_counts: list[tuple[str, dict[str, int]]]
    verdict_counts: dict[Verdict, int]
    claims: list[ClaimView]
    rules: list[RuleGroup]
    findings: list[FindingView]
    footnotes: list[FootnoteView]
    references: list[ReferenceView]
    tables: list[TableView]

    @property
    def rule_codes(self) -> list[str]:
        return [group.meta.code for group in self.rules]


def build_audit(result: VerifyResult, *, date: str, tool_version: str,
                annotations: Mapping[str, tuple[str, str | None]] | None = None) -> Audit:
    """Everything the reporters show of one verified paper."""
    from claimcheck.report._common import rule_table

    paper, findings = result.paper, list(result.findings)
    rules = rule_table([result])
    views = [FindingView(i + 1, f, rules[f.code]) for i, f in enumerate(findings)]
    verdicts = judge_all(paper, findings, result.rules, result.not_run, result.probes)
    for verdict in verdicts:
        for i in verdict.findings:
            views[i].claims.append(verdict.claim.id)
    sentences = {s.index: s for s in paper.sentences}
    notes = {note.n: note for note in paper.footnotes}
    references = {ref.key: ref for ref in paper.references}
    annotations = annotations or {}
    gathered = result.probes.get("sources") if isinstance(result.probes, dict) else None
    source_claims = gathered.get("claims", {}) if isinstance(gathered, dict) else {}
    claims = [ClaimView(v, _neighbour(sentences, v.claim.sentence, -1, v.claim.section),
                        _neighbour(sentences, v.claim.sentence, +1, v.claim.section),
                        [notes[n] for n in v.claim.footnotes if n in notes],
                        [references[k] for k in v.claim.refs if k in references],
                        [views[i] for i in v.findings], annotations.get(v.claim.id),
                        list(source_claims.get(v.claim.id, ())))
              for v in verdicts]
    return Audit(
        path=paper.document.path, title=paper.meta.title, authors=paper.meta.authors, date=date,
        tool_version=tool_version, checked=_checked(result), not_checked=_not_checked(result),
        notices=list(result.notices), severity_counts=_severity_counts(findings),
        family_counts=_family_counts(findings), verdict_counts=verdict_counts(verdicts),
        claims=claims, rules=_rule_groups(views), findings=views,
        footnotes=_footnotes(paper, views), references=_references(paper, views),
        tables=[_table(table, findings, views) for table in paper.tables],
    )


def _neighbour(sentences: dict[int, Sentence], index: int, step: int,
               section: str | None) -> Sentence | None:
    sentence = sentences.get(index + step)
    return sentence if sentence is not None and sentence.section == section else None


def _checked(result: VerifyResult) -> list[str]:
    paper = result.paper
    ran = [code for code in result.rules if code not in result.not_run]
    families = sorted({code[0] for code in ran})
    lines = [f"{_plural(len(ran), 'rule')} run (families {', '.join(families)})" if ran else "no rules run",
             f"{_plural(len(paper.claims), 'claim')}, {_plural(len(paper.footnotes), 'footnote')}, "
             f"{_plural(len(paper.references), 'reference')}, {_plural(len(paper.tables), 'table')} extracted"]
    urls = [key for key in result.probes if "://" in key and not key.startswith(("page:", "quote:"))]
    if urls:
        lines.append(f"{_plural(len(urls), 'URL')} probed")
    gathered = result.probes.get("sources")
    if isinstance(gathered, dict) and gathered.get("ran"):
        quotes = sum(len(v) for v in gathered.get("claims", {}).values())
        lines.append(f"{_plural(quotes, 'quotation')} looked for in their sources")
    return lines


def _not_checked(result: VerifyResult) -> list[str]:
    lines = []
    if not any("://" in key for key in result.probes):
        lines.append("links: no URL was probed (offline, or no link rule selected)")
    if "S001" not in result.rules or "S001" in result.not_run:
        lines.append("quotations were not compared with their sources")
    by_reason: dict[str, list[str]] = {}
    for code, reason in sorted(result.not_run.items()):
        by_reason.setdefault(reason, []).append(code)
    lines += [f"{', '.join(codes)}: {reason}" for reason, codes in by_reason.items()]
    lost = [note.n for note in result.paper.footnotes if note.marker is None or note.marker.form == "none"]
    if lost:
        lines.append("footnote markers not inferable (no claim is tied to these notes): "
                     + ", ".join(str(n) for n in lost))
    lines += [f"input problem: {problem.message}" for problem in result.paper.problems]
    return lines


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in SEVERITIES}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def _family_counts(findings: list[Finding]) -> list[tuple[str, dict[str, int]]]:
    families: dict[str, dict[str, int]] = {}
    for finding in findings:
        counts = families.setdefault(finding.code[0], {s.value: 0 for s in SEVERITIES})
        counts[finding.severity.value] += 1
    return sorted(families.items())


def _rule_groups(views: list[FindingView]) -> list[RuleGroup]:
    from claimcheck.checks import DOC_HEADINGS
    from claimcheck.report._common import doc_section

    groups: dict[str, RuleGroup] = {}
    for view in views:
        meta = view.rule
        if meta.code not in groups:
            sections = [(h, doc_section(meta.doc, h)) for h in DOC_HEADINGS]
            groups[meta.code] = RuleGroup(meta, [(h, t) for h, t in sections if t], [])
        groups[meta.code].findings.append(view)
    return [groups[code] for code in sorted(groups)]


def _footnotes(paper, views: list[FindingView]) -> list[FootnoteView]:
    claims_of: dict[int, list[str]] = {}
    for claim in paper.claims:
        for n in claim.footnotes:
            claims_of.setdefault(n, []).append(claim.id)
    return [FootnoteView(note, claims_of.get(note.n, []),
                         [v for v in views if v.finding.location.footnote == note.n])
            for note in paper.footnotes]


def _references(paper, views: list[FindingView]) -> list[ReferenceView]:
    cited_by: dict[str, list[int]] = {}
    for note in paper.footnotes:
        for citation in note.citations:
            if citation.ref_key:
                cited_by.setdefault(citation.ref_key, []).append(note.n)
    in_text: dict[str, int] = {}
    for citation in paper.in_text:
        if citation.ref_key:
            in_text[citation.ref_key] = in_text.get(citation.ref_key, 0) + 1
    return [ReferenceView(ref, cited_by.get(ref.key, []), in_text.get(ref.key, 0),
                          [v for v in views if v.finding.location.reference == ref.key])
            for ref in paper.references]


def _table(table: Table, findings: list[Finding], views: list[FindingView]) -> TableView:
    cells = highlighted_cells(table, findings)

    def cell(row: int, column: int, text: str) -> CellView:
        return CellView(text, [views[i] for i in cells.get((row, column), [])])

    header = [cell(-1, c, text) for c, text in enumerate(table.columns)]
    rows = [[cell(r, c, text) for c, text in enumerate(row)] for r, row in enumerate(table.rows)]
    on_table = [v for v in views if v.finding.location.table == table.id
                or v.finding.evidence.get("table") == table.id]
    return TableView(table, header, rows, on_table)

