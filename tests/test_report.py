"""Every reporter against the one shared run of tests/report_builders.py.

Each format has a golden file in tests/golden/; ``pytest --update-goldens``
rewrites them, and the diff is reviewed like code. The other tests check
what a golden cannot show by itself: validity (SARIF schema, XML parse),
determinism, escaping, colour.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from claimcheck.finding import Location
from claimcheck.report import FORMATS, render
from claimcheck.report.github import escape_data, escape_property
from report_builders import TOOL_VERSION, clean_result, main_result, results

SHARED = Path(__file__).resolve().parents[2] / "shared"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
GOLDEN_NAMES = {"text": "findings.txt", "json": "findings.json", "markdown": "findings.md",
                "sarif": "findings.sarif", "junit": "findings.xml", "github": "findings.github"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def report(fmt: str, run=None, **options) -> str:
    return render(results() if run is None else run, fmt, tool_version=TOOL_VERSION, **options)


def test_every_format_has_a_golden():
    assert set(GOLDEN_NAMES) == set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt, golden):
    golden(GOLDEN_NAMES[fmt], report(fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic_and_ends_in_newline(fmt):
    first, second = report(fmt), report(fmt)
    assert first.encode("utf-8") == second.encode("utf-8")
    assert first.endswith("\n") and not first.endswith("\n\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_clean_paper_renders(fmt):
    output = report(fmt, [clean_result()])
    assert "X000" not in output


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown report format"):
        report("yaml")


def test_formats_are_imported_lazily():
    for module in ("claimcheck.report.junit", "claimcheck.report.markdown"):
        sys.modules.pop(module, None)
    report("json")
    assert "claimcheck.report.junit" not in sys.modules
    assert "claimcheck.report.markdown" not in sys.modules


# -- text


def test_text_has_no_ansi_without_color():
    assert not ANSI.search(report("text", color=False))


def test_text_has_ansi_with_color_and_same_text_underneath():
    coloured = report("text", color=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == report("text", color=False)


def test_text_summary_lines():
    assert report("text").splitlines()[-1] == (
        "4 errors, 2 warnings, 2 info in 2 papers (rules not run: U003 offline: needs the network)")
    assert report("text", [clean_result()]).splitlines()[-1] == "No findings in 1 paper."


def test_text_keeps_a_multiline_message_inside_its_group():
    lines = report("text").splitlines()
    assert "    see row 2 [table T1]" in lines


# -- json


def test_json_shape_and_order():
    document = json.loads(report("json"))
    assert list(document) == ["schema", "tool", "papers", "paper", "summary", "not_run", "findings"]
    assert document["schema"] == "claimcheck/findings@1"
    assert document["tool"] == {"name": "claimcheck", "version": TOOL_VERSION}
    assert document["paper"] == document["papers"][0]
    assert list(document["paper"]) == ["path", "sha256", "title", "year"]
    assert document["summary"] == {"error": 4, "warning": 2, "info": 2}
    assert document["not_run"] == {"U003": "offline: needs the network"}
    finding = document["findings"][0]
    assert list(finding) == ["code", "name", "severity", "message", "location", "related",
                             "evidence", "fix", "url"]
    assert list(finding["location"]) == ["path", "line", "column", "page", "footnote", "claim",
                                         "reference", "table"]
    expected = [(f.code, f.message) for r in results() for f in r.findings]
    assert [(f["code"], f["message"]) for f in document["findings"]] == expected  # order kept
    assert all(f["url"].endswith("#" + f["code"].lower()) for f in document["findings"])


def test_json_sorts_evidence_keys_and_keeps_unicode():
    output = report("json")
    nested = json.loads(output)["findings"]
    evidence = next(f["evidence"] for f in nested if f["code"] == "N002" and f["evidence"])
    assert list(evidence) == ["marker", "nearest"]
    assert list(evidence["nearest"]) == ["after", "before"]
    assert "\u201cNATO" in output


# -- sarif


def test_sarif_validates_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA} (../shared is absent)")
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    for run in (results(), [clean_result()]):
        jsonschema.validate(json.loads(report("sarif", run)), schema)


def test_sarif_results_point_at_their_rules():
    run = json.loads(report("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["C002"] == "note" and levels["T001"] == "error"
    no_line = next(r for r in run["results"] if r["ruleId"] == "X000")
    assert "region" not in no_line["locations"][0]["physicalLocation"]
    assert run["invocations"][0]["executionSuccessful"] is False  # X000: a rule crashed
    assert json.loads(report("sarif", [clean_result()]))["runs"][0]["invocations"][0][
        "executionSuccessful"] is True


def test_sarif_fingerprints_ignore_position_but_not_identity():
    from claimcheck.report.sarif import fingerprint

    finding = main_result().findings[-1]
    moved = replace(finding, location=replace(finding.location, line=500, column=9))
    other_table = replace(finding, location=replace(finding.location, table="T2"))
    assert fingerprint(moved) == fingerprint(finding)
    assert fingerprint(other_table) != fingerprint(finding)
    prints = [r["partialFingerprints"]["claimcheckFindingHash/v1"]
              for r in json.loads(report("sarif"))["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)


def test_sarif_numbers_identical_findings():
    result = main_result()
    result.findings.append(result.findings[-1])
    prints = [r["partialFingerprints"]["claimcheckFindingHash/v1"]
              for r in json.loads(report("sarif", [result]))["runs"][0]["results"]]
    assert prints[-1].endswith(":2") and prints[-2].endswith(":1")
    assert prints[-1].split(":")[0] == prints[-2].split(":")[0]


# -- junit


def test_junit_parses_and_counts_match():
    root = ET.fromstring(report("junit"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.paper.document.path for r in results()]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
    for key in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in suites)
    first = {case.get("classname"): case for case in suites[0].findall("testcase")}
    assert first["claimcheck.U003"].find("skipped").get("message") == "offline: needs the network"
    assert first["claimcheck.C002"].find("failure") is None  # info never fails
    assert "c1a2b3" in first["claimcheck.C002"].find("system-out").text
    assert first["claimcheck.N001"].find("failure").get("message") == "1 warning"
    # a crash is a failing test case, though X000 is never a selected rule
    assert first["claimcheck.X000"].find("failure") is not None


# -- github


def test_github_escaping():
    assert escape_data("50% done\r\nnext :: line") == "50%25 done%0D%0Anext :: line"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_commands():
    lines = report("github").splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    table = next(line for line in lines if "T001" in line)
    assert table == ("::error file=papers/nato.md,line=80,col=1,title=T001 table-total-mismatch"
                     "::total 120 | rows sum to 118 <b>%0Asee row 2 [table T1]")
    claim = next(line for line in lines if "C002" in line)
    assert claim.startswith("::notice ") and "50%25 of members agree: yes, all" in claim


def test_github_escapes_properties():
    from claimcheck.report.github import command

    line = command("error", "x::y", file="a,b:c.md", line=3, col=None)
    assert line == "::error file=a%2Cb%3Ac.md,line=3::x::y"


# -- markdown


def test_markdown_escapes_table_cells_and_folds_long_sections():
    from claimcheck.report.markdown import FOLD_AFTER

    output = report("markdown")
    assert "total 120 \\| rows sum to 118 &lt;b&gt;<br>see row 2" in output
    assert "<details>" not in output
    result = main_result()
    extra = result.findings[-1]
    result.findings.extend(
        replace(extra, message=f"copy {n}", location=Location(extra.location.path, n))
        for n in range(FOLD_AFTER))
    folded = report("markdown", [result])
    assert folded.count("<details>") == 1 and folded.count("</details>") == 1


def test_sarif_artifact_uris():
    from claimcheck.report.sarif import artifact_uri

    assert artifact_uri("papers/second paper.md") == "papers/second%20paper.md"
    assert artifact_uri("papers\\nato.md") == "papers/nato.md"
    assert artifact_uri("a:b.md") == "a%3Ab.md"  # not read as a URI scheme
    assert artifact_uri("/home/me/p.md") == "file:///home/me/p.md"
    assert artifact_uri("C:\\me\\p.md") == "file:///C:/me/p.md"
