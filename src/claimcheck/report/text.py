"""Plain-text report for a terminal: findings grouped by rule, then one summary line.

    N001 footnote-number-missing [warning] (2)
      paper.md:41:1: N001 footnote 25 has no printed number [footnote 25]
        fix: print the number 25 in front of the note

    0 errors, 2 warnings, 0 info in 1 paper

Groups follow rule-code order; inside a group findings keep the engine's
order. Colour (plain ANSI, so the output is the same on every terminal
library) only when asked for: the caller decides whether stdout is a tty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimcheck.finding import Finding
from claimcheck.report._common import (
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

_RESET = "\x1b[0m"
_STYLES = {
    "error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m",
    "code": "\x1b[1m", "dim": "\x1b[2m", "ok": "\x1b[32m",
}


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.color else text


def render(results: Sequence[VerifyResult], *, color: bool = False, tool_version: str) -> str:
    paint = _Paint(color)
    rules = rule_table(results)
    findings = all_findings(results)
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.code, []).append(finding)
    lines: list[str] = []
    for code in sorted(groups):
        members = groups[code]
        severities = "/".join(dict.fromkeys(f.severity.value for f in sorted(
            members, key=lambda f: -f.severity.rank)))
        header = f"{paint(code, 'code')} {rules[code].name} [{severities}] ({len(members)})"
        lines.append(header)
        lines.extend(_finding_lines(finding, paint) for finding in members)
        lines.append("")
    lines.extend(paint(f"note: {notice}", "dim") for notice in notices(results))
    lines.append(_summary(results, findings, paint))
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding, paint: _Paint) -> str:
    where = position(finding.location)
    message = finding.message.replace("\r\n", "\n").replace("\n", "\n    ")  # keep it in its block
    text = f"  {where}: {paint(finding.code, finding.severity.value)} {message}"
    tags = record_tags(finding.location)
    if tags:
        text += " " + " ".join(f"[{tag}]" for tag in tags)
    for related in finding.related:
        extra = record_tags(related)
        text += "\n    " + paint(f"see: {position(related)}"
                                  + "".join(f" [{tag}]" for tag in extra), "dim")
    if finding.fix:
        text += "\n    " + paint(f"fix: {finding.fix}", "dim")
    return text


def _summary(results: Sequence[VerifyResult], findings: list[Finding], paint: _Paint) -> str:
    papers = papers_phrase(len(results))
    if findings:
        counts = severity_counts(findings)
        worst = next((s for s in ("error", "warning", "info") if counts[s]), "info")
        text = paint(f"{count_phrase(counts)} in {papers}", worst)
    else:
        text = paint(f"No findings in {papers}", "ok")
    skipped = not_run(results)
    if skipped:
        by_reason: dict[str, list[str]] = {}
        for code, reason in skipped.items():
            by_reason.setdefault(reason, []).append(code)
        text += " (rules not run: " + "; ".join(
            f"{', '.join(codes)} {reason}" for reason, codes in by_reason.items()) + ")"
    return text if findings else text + "."
