"""JUnit XML report, for CI systems that show test results (GitLab, Jenkins, Azure).

The mapping: a rule is a test, a paper a test suite.

* ``<testsuites>`` holds one ``<testsuite name="PATH">`` per paper;
* each suite has one ``<testcase classname="claimcheck.CODE" name="CODE rule-name">``
  per selected rule, in code order, plus one for any rule that reported
  without being selected (X000 rule-crashed);
* a rule with error or warning findings fails: one ``<failure>`` whose
  ``message`` counts them and whose text lists them, one per line;
* a rule that did not run is ``<skipped message="REASON">``;
* info findings never fail a rule: they go to the test case's
  ``<system-out>``, as do the notices of the paper on the suite.

Counts follow the JUnit convention the CI parsers expect: ``tests`` counts
every test case including the skipped ones (rules run = tests - skipped),
``failures`` the failing rules, ``errors`` is always 0 (a crashed rule is
reported by X000 as a failure, like any finding). No timestamps or times, so
the output is reproducible.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimcheck.finding import Finding, Severity
from claimcheck.report._common import TOOL_NAME, position, record_tags, rule_table

if TYPE_CHECKING:
    from claimcheck.engine import VerifyResult


def render(results: Sequence[VerifyResult], *, color: bool = False, tool_version: str) -> str:
    root = ET.Element("testsuites", name=TOOL_NAME)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result in results:
        suite = _suite(result, tool_version)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(result: VerifyResult, tool_version: str) -> ET.Element:
    rules = rule_table([result])
    by_code: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_code.setdefault(finding.code, []).append(finding)
    suite = ET.Element("testsuite", name=result.paper.document.path)
    properties = ET.SubElement(suite, "properties")
    for name, value in (("tool", f"{TOOL_NAME} {tool_version}"),
                        ("sha256", result.paper.document.sha256),
                        ("title", result.paper.meta.title), ("year", result.paper.meta.year)):
        if value is not None:
            ET.SubElement(properties, "property", name=name, value=value)
    failures = skipped = 0
    for code, meta in rules.items():
        case = ET.SubElement(suite, "testcase", classname=f"{TOOL_NAME}.{code}",
                             name=f"{code} {meta.name}")
        findings = by_code.get(code, [])
        failing = [f for f in findings if f.severity.at_least(Severity.WARNING)]
        info = [f for f in findings if not f.severity.at_least(Severity.WARNING)]
        if code in result.not_run:
            skipped += 1
            ET.SubElement(case, "skipped", message=result.not_run[code])
        elif failing:
            failures += 1
            worst = max(failing, key=lambda f: f.severity.rank).severity.value
            failure = ET.SubElement(case, "failure", type=worst, message=_counted(failing))
            failure.text = "\n".join(_line(f) for f in failing)
        if info:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in info)
    if result.notices:
        ET.SubElement(suite, "system-out").text = "\n".join(result.notices)
    suite.set("tests", str(len(rules)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


def _counted(findings: list[Finding]) -> str:
    """``1 error, 2 warnings`` (only the severities present)."""
    counts: dict[Severity, int] = {}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[0].rank)
    return ", ".join(f"{n} {severity.value}{'' if n == 1 else 's'}" for severity, n in ranked)


def _line(finding: Finding) -> str:
    text = f"{position(finding.location)}: {finding.severity.value}: {finding.message}"
    tags = record_tags(finding.location)
    if tags:
        text += " " + " ".join(f"[{tag}]" for tag in tags)
    if finding.fix:
        text += f" (fix: {finding.fix})"
    return text
