"""JSON report, schema ``claimcheck/findings@1``: stable, for scripts and diffing.

Same input, byte-identical output: keys keep a fixed order everywhere except
inside ``evidence`` (free-form per rule), which is sorted; 2-space indent,
UTF-8 kept as is, one trailing newline. ``paper`` is the first paper (the
common single-paper case); ``papers`` lists all of them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimcheck.finding import Finding
from claimcheck.report._common import TOOL_NAME, all_findings, not_run, rule_table, severity_counts

if TYPE_CHECKING:
    from claimcheck.engine import VerifyResult

SCHEMA = "claimcheck/findings@1"


def render(results: Sequence[VerifyResult], *, color: bool = False, tool_version: str) -> str:
    papers = [paper_dict(result) for result in results]
    rules = rule_table(results)
    findings = all_findings(results)
    document = {
        "schema": SCHEMA,
        "tool": {"name": TOOL_NAME, "version": tool_version},
        "papers": papers,
        "paper": papers[0] if papers else None,
        "summary": severity_counts(findings),
        "not_run": not_run(results),
        "findings": [finding_dict(finding, rules[finding.code].url) for finding in findings],
    }
    sources = [source_dict(result) for result in results if _gathered(result)]
    if sources:
        # per claim, the verdict on each quotation (found ones give no finding)
        document["sources"] = sources
    return json.dumps(document, indent=2, ensure_ascii=False, default=_plain) + "\n"


def paper_dict(result: VerifyResult) -> dict[str, Any]:
    paper = result.paper
    return {"path": paper.document.path, "sha256": paper.document.sha256,
            "title": paper.meta.title, "year": paper.meta.year}


def _gathered(result: VerifyResult) -> dict | None:
    gathered = result.probes.get("sources") if isinstance(result.probes, dict) else None
    return gathered if isinstance(gathered, dict) and gathered.get("ran") else None


def source_dict(result: VerifyResult) -> dict[str, Any]:
    """The source checks of one paper: each claim's quotation verdicts and each
    reference entry's registry lookup, evidence sorted like a finding's."""
    gathered = _gathered(result) or {}
    registry = {key.split(":", 1)[1]: value.as_dict() for key, value in sorted(result.probes.items())
                if key.startswith("crossref:") and hasattr(value, "as_dict")}
    return {"path": result.paper.document.path,
            "claims": sorted_evidence(gathered.get("claims", {})),
            "registry": sorted_evidence(registry)}


def finding_dict(finding: Finding, url: str) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "location": finding.location.as_dict(),
        "related": [location.as_dict() for location in finding.related],
        "evidence": sorted_evidence(finding.evidence),
        "fix": finding.fix,
        "url": url,
    }


def sorted_evidence(value: Any) -> Any:
    """Evidence with every mapping's keys sorted (at any depth), tuples as lists."""
    if isinstance(value, dict):
        return {str(key): sorted_evidence(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [sorted_evidence(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((sorted_evidence(item) for item in value), key=repr)
    return value


def _plain(value: Any) -> Any:
    """What json cannot encode by itself (enums, paths, records) as text."""
    enum_value = getattr(value, "value", None)
    return enum_value if isinstance(enum_value, str | int | float) else str(value)
