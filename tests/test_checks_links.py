"""The network rules U003-U007 on their fixtures, with hand-built probe results.

``tests/test_rules.py`` runs only offline rules through fixtures. Here each
network rule's ``fires.md`` / ``passes.md`` is verified with the probes of
``tests/fixtures/rules/<CODE>/probes.json`` (URL -> LinkResult fields) passed
to ``engine.verify(..., offline=False, probes=...)``: no network is used.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from claimcheck.checks import all_rules
from claimcheck.engine import extract, extract_text, verify
from claimcheck.net import Hop, LinkResult
from test_rules import expected_findings

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
NETWORK_RULES = sorted(code for code, r in all_rules().items() if r.meta.network and code[0] == "U")


def load_probes(code: str) -> dict[str, LinkResult]:
    raw = json.loads((FIXTURES / code / "probes.json").read_text("utf-8"))
    probes = {}
    for url, fields in raw.items():
        fields = dict(fields)
        fields["redirects"] = tuple(Hop(u, s) for u, s in fields.get("redirects", ()))
        probes[url] = LinkResult(url=url, **fields)
    return probes


def run(path: Path, code: str, probes: dict | None = None):
    result = verify(extract(path), select=(code,), offline=False,
                    probes=load_probes(code) if probes is None else probes)
    crashes = [f.message for f in result.findings if f.code == "X000"]
    assert not crashes, crashes
    assert code not in result.not_run
    return result.findings


def test_the_network_rules_are_registered_as_such():
    assert NETWORK_RULES == ["U003", "U004", "U005", "U006", "U007"]
    severities = {code: all_rules()[code].meta.severity.value for code in NETWORK_RULES}
    assert severities == {"U003": "error", "U004": "warning", "U005": "warning",
                          "U006": "warning", "U007": "info"}


@pytest.mark.parametrize("code", NETWORK_RULES)
def test_rule_fires_exactly_where_expected(code):
    fires = FIXTURES / code / "fires.md"
    findings = run(fires, code)
    assert Counter(f.location.line for f in findings) == expected_findings(fires, code)


@pytest.mark.parametrize("code", NETWORK_RULES)
def test_rule_stays_silent_on_the_passing_fixture(code):
    assert run(FIXTURES / code / "passes.md", code) == []


@pytest.mark.parametrize("code", NETWORK_RULES)
def test_offline_the_rule_is_not_run(code):
    result = verify(extract(FIXTURES / code / "fires.md"), select=(code,), offline=True)
    assert result.findings == []
    assert result.not_run == {code: "offline: needs the network"}


def test_broken_url_is_located_at_the_url_with_its_note_and_the_repaired_url():
    findings = run(FIXTURES / "U003" / "fires.md", "U003")
    by_note = {f.location.footnote: f for f in findings if f.location.footnote}
    assert sorted(by_note) == [1, 2, 3, 5]
    escaped = by_note[2]  # printed annual\_2020.pdf: probed and reported repaired
    assert escaped.evidence["url"] == "https://www.example.org/reports/annual_2020.pdf"
    assert escaped.evidence["printed"].startswith("https://www.example.org/reports/annual\\_2020.pdf")
    assert escaped.location.column > 1 and escaped.location.line == 9
    assert "HTTP 500" in escaped.message
    assert by_note[1].evidence["http_status"] == 404
    assert by_note[3].evidence["error"] == "DNS: no such host"
    entries = sorted(f.location.reference for f in findings if f.location.reference)
    assert len(entries) == 2 and all(entries)


def test_a_missing_fragment_is_only_a_warning():
    findings = run(FIXTURES / "U003" / "fires.md", "U003")
    severities = {f.location.footnote: f.severity.value for f in findings if f.location.footnote}
    assert severities == {1: "error", 2: "error", 3: "error", 5: "warning"}


def test_permanent_redirect_suggests_the_final_url():
    findings = run(FIXTURES / "U004" / "fires.md", "U004")
    fixes = {f.location.footnote or f.location.reference: f.fix for f in findings}
    assert fixes[1] == "https://blogs.example.ac.uk/europpblog/why-states-join/"
    assert fixes[2] == "https://example.gov/en/concept/"
    two_hops = next(f for f in findings if f.location.footnote == 2)
    assert "(301 -> 308)" in two_hops.message


def test_blocked_and_timeout_are_warnings_with_their_reason():
    findings = run(FIXTURES / "U006" / "fires.md", "U006")
    messages = {f.location.footnote: f.message for f in findings}
    assert "refused the checker (HTTP 403: Forbidden)" in messages[1]
    assert "HTTP 429" in messages[2]
    assert "timed out" in messages[3]
    assert {f.severity.value for f in findings} == {"warning"}


def test_archived_copy_names_the_snapshot_and_the_access_date():
    findings = run(FIXTURES / "U007" / "fires.md", "U007")
    by_note = {f.location.footnote: f for f in findings}
    assert by_note[1].fix.startswith("https://web.archive.org/web/20200420")
    assert by_note[1].evidence["accessed"] == "2020-05-03"
    assert "closest before 2020-05-03" in by_note[1].message
    assert "accessed" not in by_note[2].evidence


def test_probes_are_matched_on_the_normalised_url():
    paper = extract_text("# T\n\n## 1. Intro\n\nText.<sup>1</sup>\n\n"
                         "<sup>1</sup> \"Charter,\" *Secretariat*, (2019), https://WWW.Example.org:443/charter/.\n")
    probes = {"https://www.example.org/charter": LinkResult("https://www.example.org/charter", "broken",
                                                            http_status=410)}
    result = verify(paper, select=("U003",), offline=False, probes=probes)
    assert [f.location.footnote for f in result.findings] == [1]


def test_unprobed_and_skipped_urls_give_nothing():
    fires = FIXTURES / "U003" / "fires.md"
    assert run(fires, "U003", probes={}) == []
    skipped = {url: LinkResult(url, "skipped", error="offline") for url in load_probes("U003")}
    assert run(fires, "U003", probes=skipped) == []
