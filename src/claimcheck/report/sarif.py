"""SARIF 2.1.0 report, for GitHub code scanning and other static-analysis viewers.

One run for the whole invocation: ``tool.driver.rules`` lists every selected
rule (with its docstring as help), each paper is an artifact (with its
SHA-256), each finding a result pointing at its rule by id and index.

``partialFingerprints["claimcheckFindingHash/v1"]`` lets a viewer track a
finding across runs: a hash of the rule code, the normalised path, the
records the finding concerns (footnote, claim, reference, table) and the
message, with no line or column, so a finding survives edits that move it;
``:n`` numbers identical findings in order of appearance, as GitHub's own
``primaryLocationLineHash`` does. Rules that did not run are
``toolConfigurationNotifications``; notices and rule crashes (X000) are
``toolExecutionNotifications``, and a crash makes ``executionSuccessful``
false (some checks did not run to completion).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from claimcheck.finding import Finding, Location, RuleMeta, Severity
from claimcheck.report._common import (
    INFORMATION_URI,
    TOOL_NAME,
    all_findings,
    doc_markdown,
    doc_section,
    notices,
    not_run,
    record_tags,
    rule_table,
)
from claimcheck.report.json import sorted_evidence

if TYPE_CHECKING:
    from claimcheck.engine import VerifyResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "claimcheckFindingHash/v1"
CRASH_CODE = "X000"
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:/")
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(results: Sequence[VerifyResult], *, color: bool = False, tool_version: str) -> str:
    rules = rule_table(results)
    index = {code: position for position, code in enumerate(rules)}
    findings = all_findings(results)
    artifacts = {result.paper.document.path: result.paper.document.sha256 for result in results}
    artifact_index = {path: position for position, path in enumerate(artifacts)}
    occurrences: Counter[str] = Counter()
    sarif_results = []
    for finding in findings:
        digest = fingerprint(finding)
        occurrences[digest] += 1
        sarif_results.append(_result(finding, index[finding.code], artifact_index,
                                     f"{digest}:{occurrences[digest]}"))
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(meta) for meta in rules.values()],
            }},
            "invocations": [_invocation(results, findings, index)],
            "artifacts": [{"location": {"uri": artifact_uri(path)}, "hashes": {"sha-256": sha}}
                          for path, sha in artifacts.items()],
            "results": sarif_results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False, default=str) + "\n"


def fingerprint(finding: Finding) -> str:
    """A hash of what identifies a finding regardless of where it moved in the file."""
    loc = finding.location
    parts = [finding.code, _posix(loc.path), str(loc.footnote or ""), loc.claim or "",
             loc.reference or "", loc.table or "", finding.message]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference; an absolute one as a file: URI."""
    posix = _posix(path)
    if posix.startswith("/") or _WINDOWS_DRIVE.match(posix):
        drive_path = posix if posix.startswith("/") else "/" + posix
        return "file://" + quote(drive_path, safe="/:")
    return quote(posix)


def _posix(path: str) -> str:
    return path.replace("\\", "/")


def _rule(meta: RuleMeta) -> dict[str, Any]:
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": doc_section(meta.doc, "What it checks") or meta.summary},
        "help": {"text": meta.doc or meta.summary, "markdown": doc_markdown(meta)},
        "helpUri": meta.url,
        "defaultConfiguration": {"level": _LEVELS[meta.severity]},
        "properties": {"tags": [meta.family], "network": meta.network},
    }


def _result(finding: Finding, rule_index: int, artifact_index: dict[str, int],
            digest: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.location, artifact_index)],
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, **_location(related, artifact_index),
             "message": {"text": ", ".join(record_tags(related)) or "related location"}}
            for number, related in enumerate(finding.related, start=1)
        ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: digest}
    properties = _record_properties(finding.location)
    if finding.evidence:
        properties["evidence"] = sorted_evidence(finding.evidence)
    if finding.fix:
        properties["fix"] = finding.fix
    if properties:
        result["properties"] = properties
    return result


def _location(location: Location, artifact_index: dict[str, int]) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": artifact_uri(location.path)}
    if location.path in artifact_index:
        artifact["index"] = artifact_index[location.path]
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if location.line is not None:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column is not None:
            region["startColumn"] = location.column
        if location.end_line is not None:
            region["endLine"] = location.end_line
            if location.end_column is not None:
                region["endColumn"] = location.end_column
        physical["region"] = region
    return {"physicalLocation": physical}


def _record_properties(location: Location) -> dict[str, Any]:
    values = {"page": location.page, "footnote": location.footnote, "claim": location.claim,
              "reference": location.reference, "table": location.table}
    return {key: value for key, value in values.items() if value is not None}


def _invocation(results: Sequence[VerifyResult], findings: list[Finding],
                index: dict[str, int]) -> dict[str, Any]:
    crashes = [finding for finding in findings if finding.code == CRASH_CODE]
    invocation: dict[str, Any] = {"executionSuccessful": not crashes}
    configuration = [
        {"level": "note", "message": {"text": f"{code} did not run: {reason}"},
         "associatedRule": {"id": code, "index": index[code]} if code in index else {"id": code}}
        for code, reason in not_run(results).items()
    ]
    execution = [{"level": "note", "message": {"text": notice}} for notice in notices(results)]
    execution += [{"level": "error", "message": {"text": crash.message}} for crash in crashes]
    if configuration:
        invocation["toolConfigurationNotifications"] = configuration
    if execution:
        invocation["toolExecutionNotifications"] = execution
    return invocation
