"""What several reporters share: rule lookup, counts, positions, rule docs as Markdown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from claimcheck.finding import Finding, Location, RuleMeta, Severity

if TYPE_CHECKING:
    from claimcheck.engine import VerifyResult

TOOL_NAME = "claimcheck"
INFORMATION_URI = "https://github.com/claimcheck/claimcheck"
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def all_findings(results: Sequence[VerifyResult]) -> list[Finding]:
    """Every finding of every paper, papers in run order, findings in engine order."""
    return [finding for result in results for finding in result.findings]


def rule_table(results: Sequence[VerifyResult]) -> dict[str, RuleMeta]:
    """Every rule selected in the run, plus any rule a finding names that was not
    selected (X000 rule-crashed is yielded by the runner, not by a selected rule),
    in code order."""
    table: dict[str, RuleMeta] = {}
    for result in results:
        for code, meta in result.rules.items():
            table.setdefault(code, meta)
    for finding in all_findings(results):
        if finding.code not in table:
            table[finding.code] = _meta_of_unselected(finding)
    return dict(sorted(table.items()))


def _meta_of_unselected(finding: Finding) -> RuleMeta:
    from claimcheck.checks import CRASH

    if finding.code == CRASH.code:
        return CRASH
    return RuleMeta(finding.code, finding.name, finding.severity, finding.name, "")


def not_run(results: Sequence[VerifyResult]) -> dict[str, str]:
    """code -> reason, over all papers, in code order (the first paper's reason wins)."""
    reasons: dict[str, str] = {}
    for result in results:
        for code, reason in result.not_run.items():
            reasons.setdefault(code, reason)
    return dict(sorted(reasons.items()))


def notices(results: Sequence[VerifyResult]) -> list[str]:
    """Every notice of the run, once each, in order."""
    return list(dict.fromkeys(notice for result in results for notice in result.notices))


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {severity.value: 0 for severity in SEVERITIES}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def count_phrase(counts: dict[str, int]) -> str:
    """``3 errors, 1 warning, 4 info``."""
    error, warning, info = counts["error"], counts["warning"], counts["info"]
    return (f"{error} error{'' if error == 1 else 's'}, "
            f"{warning} warning{'' if warning == 1 else 's'}, {info} info")


def papers_phrase(count: int) -> str:
    return f"{count} paper{'' if count == 1 else 's'}"


def position(location: Location) -> str:
    """``path:line:col``; shorter when the finding has no line or no column."""
    parts = [location.path]
    if location.line is not None:
        parts.append(str(location.line))
        if location.column is not None:
            parts.append(str(location.column))
    return ":".join(parts)


def record_tags(location: Location) -> list[str]:
    """The records a location concerns, as ``footnote 12``, ``claim c1a2b3``..."""
    tags = []
    if location.footnote is not None:
        tags.append(f"footnote {location.footnote}")
    if location.claim is not None:
        tags.append(f"claim {location.claim}")
    if location.reference is not None:
        tags.append(f"reference {location.reference}")
    if location.table is not None:
        tags.append(f"table {location.table}")
    return tags


def _doc_parts(doc: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """A rule docstring split into its summary lines and (heading, body lines)."""
    from claimcheck.checks import DOC_HEADINGS

    summary: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in doc.splitlines():
        if line.strip() in DOC_HEADINGS and not line.startswith((" ", "\t")):
            sections.append((line.strip(), []))
        elif sections:
            sections[-1][1].append(line.strip())
        else:
            summary.append(line.strip())
    return summary, sections


def doc_section(doc: str, heading: str) -> str:
    """The body of one heading of a rule docstring, on one line ('' if absent)."""
    for title, body in _doc_parts(doc)[1]:
        if title == heading:
            return " ".join(" ".join(body).split())
    return ""


def doc_markdown(meta: RuleMeta) -> str:
    """A rule docstring (summary, then headings over indented bodies) as Markdown:
    headings in bold, bodies dedented into paragraphs."""
    if not meta.doc:
        return meta.summary
    summary, sections = _doc_parts(meta.doc)
    out = ["\n".join(summary).strip()]
    for title, body in sections:
        out.append(f"**{title}**\n\n" + "\n".join(body).strip())
    return "\n\n".join(part for part in out if part)
