"""Render a `claimcheck links` run: text, json, markdown, sarif, junit, github.

The findings reporters (``claimcheck.report``) render verify results; this
module renders a ``LinksRun`` (URLs, verdicts, sources) in the same formats
and the same style. Every format lists URLs sorted, so the same run gives the
same bytes (``elapsed_ms`` aside).

A URL that fails the run (``LinksRun.failing``: broken, soft 404, and
blocked/timeout with ``--fail-on warning``) is an error in SARIF and GitHub
annotations, whatever its rule's default severity; the others keep their
rule's severity (U004/U006 warning, U007 note).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from claimcheck.links import LINKS_SCHEMA, LinksRun, codes_for, message, reason
from claimcheck.links.collect import Source

FORMATS = ("text", "json", "markdown", "sarif", "junit", "github")
TOOL_NAME = "claimcheck"


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """One thing to say about one URL at one place it stands."""

    code: str
    name: str
    severity: str  # error | warning | info
    message: str
    url: str
    source: Source
    fix: str | None = None


def link_findings(run: LinksRun) -> list[LinkFinding]:
    """Every finding of the run, by URL then source; a failing URL's findings are errors."""
    from claimcheck.checks import all_rules

    rules = all_rules()
    failing = set(run.failing())
    found = []
    for url in run.urls():
        result = run.results[url]
        for code, severity in codes_for(result):
            if url in failing and code != "U007":
                severity = "error"
            fix = result.final_url if code == "U004" else result.archived_url if code == "U007" else None
            for source in run.sources.get(url, []):
                found.append(LinkFinding(code, rules[code].meta.name, severity,
                                         message(code, url, result), url, source, fix))
    return found


def render(run: LinksRun, fmt: str, *, tool_version: str) -> str:
    renderers = {"text": render_text, "json": render_json, "markdown": render_markdown,
                 "sarif": render_sarif, "junit": render_junit, "github": render_github}
    if fmt not in renderers:
        raise ValueError(f"unknown links format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return renderers[fmt](run, tool_version=tool_version)


def summary_phrase(run: LinksRun) -> str:
    """``12 URLs in 2 files: 9 ok, 1 broken, 2 skipped; 1 failing``."""
    counts = {verdict: n for verdict, n in run.summary().items() if n}
    total = sum(counts.values())
    files = len(run.paths())
    text = (f"{total} URL{'' if total == 1 else 's'} in {files} file{'' if files == 1 else 's'}")
    if counts:
        text += ": " + ", ".join(f"{n} {verdict.replace('_', ' ')}" for verdict, n in counts.items())
    failing = len(run.failing())
    return text + (f"; {failing} failing" if failing else "; none failing")


def _where(sources: list[Source]) -> str:
    return ", ".join(f"{source.path}:{source.line}" for source in sources)


# --------------------------------------------------------------------------
# text


def render_text(run: LinksRun, *, tool_version: str = "") -> str:
    lines: list[str] = []
    failing = set(run.failing())
    for url in run.urls():
        result = run.results[url]
        if result.verdict in ("ok", "skipped") or (result.verdict == "redirected" and not result.permanent):
            continue
        mark = "FAIL" if url in failing else result.verdict
        lines.append(f"[{mark}] {url}: {_text_reason(result)}")
        lines.append(f"  {_where(run.sources.get(url, []))}")
        if result.verdict == "redirected" and result.final_url:
            lines.append(f"  fix: {result.final_url}")
        if result.archived_url:
            lines.append(f"  archived copy: {result.archived_url}")
    if lines:
        lines.append("")
    lines.extend(f"note: {notice}" for notice in run.notices)
    lines.append(summary_phrase(run))
    return "\n".join(lines) + "\n"


def _text_reason(result) -> str:
    if result.verdict == "redirected":
        hops = " -> ".join(str(hop.status) for hop in result.redirects) or "301"
        return f"permanently redirected ({hops}) to {result.final_url}"
    return f"{result.verdict.replace('_', ' ')} ({reason(result)})"


# --------------------------------------------------------------------------
# json


def link_dict(run: LinksRun, url: str) -> dict[str, Any]:
    result = run.results[url]
    return {
        "url": url,
        "verdict": result.verdict,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "redirects": [{"url": hop.url, "status": hop.status} for hop in result.redirects],
        "error": result.error,
        "elapsed_ms": None if result.elapsed_ms is None else round(result.elapsed_ms),
        "archived_url": result.archived_url,
        "sources": [{"path": s.path, "line": s.line} for s in run.sources.get(url, [])],
    }


def render_json(run: LinksRun, *, tool_version: str = "") -> str:
    """The ``claimcheck/links@1`` document: indented, with one line per link (a
    diff of two runs is a diff of lines, and the C encoder writes each line; the
    pure-Python indenting encoder took 50 ms per 1,000 links)."""
    placeholder = "\x00links\x00"
    document = {
        "schema": LINKS_SCHEMA,
        "tool": {"name": TOOL_NAME, "version": tool_version},
        "links": placeholder,
        "summary": run.summary(),
        "failing": len(run.failing()),
        "notices": list(run.notices),
    }
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per link
    links = [encode(link_dict(run, url)) for url in run.urls()]
    listing = "[\n    " + ",\n    ".join(links) + "\n  ]" if links else "[]"
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return text.replace(json.dumps(placeholder), listing, 1) + "\n"


# --------------------------------------------------------------------------
# markdown


def render_markdown(run: LinksRun, *, tool_version: str = "") -> str:
    from claimcheck.report.markdown import cell, inline_code

    failing = len(run.failing())
    lines = [f"## claimcheck links: {'no failing links' if not failing else f'{failing} failing'}", "",
             summary_phrase(run) + ".", "", "| Verdict | URLs |", "| --- | --- |"]
    lines += [f"| {verdict.replace('_', ' ')} | {n} |" for verdict, n in run.summary().items() if n]
    lines.append("")
    findings = link_findings(run)
    if findings:
        lines += ["| Where | Rule | Severity | Message |", "| --- | --- | --- | --- |"]
        for finding in findings:
            text = cell(finding.message)
            if finding.fix:
                text += f"<br>**fix:** {cell(finding.fix)}"
            lines.append(f"| {inline_code(f'{finding.source.path}:{finding.source.line}')} | "
                         f"{finding.code} {finding.name} | {finding.severity} | {text} |")
        lines.append("")
    lines += [f"> {cell(notice)}" for notice in run.notices]
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------
# sarif

_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(run: LinksRun, *, tool_version: str = "") -> str:
    from claimcheck.checks import all_rules
    from claimcheck.report._common import INFORMATION_URI
    from claimcheck.report.sarif import SCHEMA_URI, _rule, artifact_uri

    registry = all_rules()
    codes = ("U003", "U004", "U005", "U006", "U007")
    index = {code: position for position, code in enumerate(codes)}
    paths = run.paths()
    artifact_index = {path: position for position, path in enumerate(paths)}
    results = []
    import hashlib

    for finding in link_findings(run):
        digest = hashlib.sha256("\x1f".join((finding.code, finding.source.path.replace("\\", "/"),
                                             finding.url)).encode("utf-8")).hexdigest()[:32]
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(finding.source.path),
                                     "index": artifact_index[finding.source.path]},
                "region": {"startLine": finding.source.line}}}],
            "partialFingerprints": {"claimcheckLinkHash/v1": f"{digest}:{finding.source.line}"},
            "properties": {"url": finding.url, "verdict": run.results[finding.url].verdict},
        }
        if finding.fix:
            result["properties"]["fix"] = finding.fix
        results.append(result)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if run.notices:
        invocation["toolExecutionNotifications"] = [
            {"level": "note", "message": {"text": notice}} for notice in run.notices]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": TOOL_NAME, "version": tool_version,
                                "informationUri": INFORMATION_URI,
                                "rules": [_rule(registry[code].meta) for code in codes]}},
            "invocations": [invocation],
            "artifacts": [{"location": {"uri": artifact_uri(path)}} for path in paths],
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------
# junit


def render_junit(run: LinksRun, *, tool_version: str = "") -> str:
    """One test case per URL: failing URLs fail, skipped ones are skipped, warnings go
    to ``system-out``."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name=TOOL_NAME)
    suite = ET.SubElement(root, "testsuite", name=f"{TOOL_NAME} links")
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="tool", value=f"{TOOL_NAME} {tool_version}")
    failing = set(run.failing())
    failures = skipped = 0
    for url in run.urls():
        result = run.results[url]
        case = ET.SubElement(suite, "testcase", classname=f"{TOOL_NAME}.links", name=url)
        where = _where(run.sources.get(url, []))
        if url in failing:
            failures += 1
            failure = ET.SubElement(case, "failure", type=result.verdict, message=reason(result))
            failure.text = where
        elif result.verdict == "skipped":
            skipped += 1
            ET.SubElement(case, "skipped", message=result.error or "skipped")
        elif codes_for(result):
            ET.SubElement(case, "system-out").text = f"{_text_reason(result)}\n{where}"
    for element in (root, suite):
        element.set("tests", str(len(run.results)))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", str(skipped))
    if run.notices:
        ET.SubElement(suite, "system-out").text = "\n".join(run.notices)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --------------------------------------------------------------------------
# github

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(run: LinksRun, *, tool_version: str = "") -> str:
    from claimcheck.report.github import command

    lines = []
    for finding in link_findings(run):
        text = finding.message + (f"\nfix: {finding.fix}" if finding.fix else "")
        lines.append(command(_COMMANDS[finding.severity], text, file=finding.source.path,
                             line=finding.source.line, title=f"{finding.code} {finding.name}"))
    lines += [command("notice", notice, title="claimcheck") for notice in run.notices]
    return "".join(line + "\n" for line in lines)
