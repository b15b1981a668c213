"""GitHub-flavoured Markdown findings report (a pull-request comment, a job summary).

A headline, a summary table by severity and rule family, a table of rules,
then one section per rule with a table of its findings; a section of more
than ``FOLD_AFTER`` findings is folded in ``<details>``. Text from the paper
is escaped so it cannot break a table or inject HTML. Findings only: the
audit report of the whole paper is another reporter.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimcheck.finding import Finding
from claimcheck.report._common import (
    SEVERITIES,
    all_findings,
    count_phrase,
    notices,
    not_run,
    papers_phrase,
    position,
    record_tags,
    rule_table,
    severity_counts,
)

if TYPE_CHECKING:
    from claimcheck.engine import VerifyResult

FOLD_AFTER = 10
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|#~])")


def cell(text: str) -> str:
    """Text safe inside a table cell: HTML and Markdown escaped, newlines as <br>."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def inline_code(text: str) -> str:
    """Text as inline code inside a table cell (a pipe must be escaped even there)."""
    quoted = f"`` {text} ``" if "`" in text else f"`{text}`"
    return quoted.replace("|", "\\|")


def render(results: Sequence[VerifyResult], *, color: bool = False, tool_version: str) -> str:
    rules = rule_table(results)
    findings = all_findings(results)
    out = ["# claimcheck findings", ""]
    counts = severity_counts(findings)
    headline = (f"{count_phrase(counts)} in {papers_phrase(len(results))}" if findings
                else f"No findings in {papers_phrase(len(results))}")
    out += [f"**{headline}** · claimcheck {cell(tool_version)}", ""]
    out += _papers(results)
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.code, []).append(finding)
    if findings:
        out += _family_table(findings)
        out += ["| Rule | Name | Severity | Findings |", "| --- | --- | --- | ---: |"]
        out += [f"| [{code}]({rules[code].url}) | {cell(rules[code].name)} | "
                f"{_severities(members)} | {len(members)} |"
                for code, members in sorted(groups.items())]
        out.append("")
    for code, members in sorted(groups.items()):
        meta = rules[code]
        out += [f"## {code} {cell(meta.name)}", "",
                f"{cell(meta.summary)} ([docs]({meta.url}))", ""]
        table = _finding_table(members)
        if len(members) > FOLD_AFTER:
            table = [f"<details><summary>{len(members)} findings</summary>", "", *table,
                     "</details>", ""]
        out += table
    skipped = not_run(results)
    if skipped:
        out += ["## Rules not run", "", "| Rule | Reason |", "| --- | --- |"]
        out += [f"| {code} | {cell(reason)} |" for code, reason in skipped.items()]
        out.append("")
    remarks = notices(results)
    if remarks:
        out += ["## Notices", ""] + [f"- {cell(remark)}" for remark in remarks] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def _papers(results: Sequence[VerifyResult]) -> list[str]:
    if not results:
        return []
    lines = ["| Paper | Title | Year | Findings | SHA-256 |", "| --- | --- | --- | ---: | --- |"]
    for result in results:
        paper = result.paper
        lines.append(f"| {inline_code(paper.document.path)} | {cell(paper.meta.title or '')} | "
                     f"{cell(paper.meta.year or '')} | {len(result.findings)} | "
                     f"{inline_code(paper.document.sha256[:12])} |")
    return lines + [""]


def _family_table(findings: list[Finding]) -> list[str]:
    families: dict[str, dict[str, int]] = {}
    for finding in findings:
        counts = families.setdefault(finding.code[0], {s.value: 0 for s in SEVERITIES})
        counts[finding.severity.value] += 1
    lines = ["| Family | Errors | Warnings | Info | Total |", "| --- | ---: | ---: | ---: | ---: |"]
    for family, counts in sorted(families.items()):
        lines.append(f"| {family} | {counts['error']} | {counts['warning']} | {counts['info']} "
                     f"| {sum(counts.values())} |")
    total = severity_counts(findings)
    lines.append(f"| **Total** | **{total['error']}** | **{total['warning']}** | "
                 f"**{total['info']}** | **{len(findings)}** |")
    return lines + [""]


def _severities(findings: list[Finding]) -> str:
    ranked = sorted(findings, key=lambda finding: -finding.severity.rank)
    return "/".join(dict.fromkeys(finding.severity.value for finding in ranked))


def _finding_table(findings: list[Finding]) -> list[str]:
    lines = ["| Location | Severity | Message |", "| --- | --- | --- |"]
    for finding in findings:
        where = inline_code(position(finding.location))
        tags = record_tags(finding.location)
        if tags:
            where += "<br>" + ", ".join(cell(tag) for tag in tags)
        message = cell(finding.message)
        for related in finding.related:
            message += f"<br>see {inline_code(position(related))}"
        if finding.fix:
            message += f"<br>**fix:** {cell(finding.fix)}"
        lines.append(f"| {where} | {finding.severity.value} | {message} |")
    return lines + [""]
