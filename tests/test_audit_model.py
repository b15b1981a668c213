"""audit.model: the verdict on each claim (pure; findings and probes built by hand)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimcheck.audit.model import Scope, Verdict, attached, judge, judge_all, verdict_counts
from claimcheck.engine import extract_text
from claimcheck.finding import Finding, Location, Severity
from claimcheck.net import LinkResult

PATH = "papers/chain.md"
SOURCE = """# Chains of Citation

## Introduction

The CSTO was founded in 2002 by six states.[^1] Its secretariat sits in Moscow.[^2]

In 2019 the SCO had eight member states, more than any rival body in the region.

## References

Smith, John. *Security in Eurasia*. London: Routledge, 2019. https://example.org/security.

[^1]: John Smith, *Security in Eurasia* (London: Routledge, 2019), 12, https://example.org/security.
[^2]: Ibid., 14.
"""

ALL_RULES = ("N001", "R002", "U001", "C001", "S002")


@pytest.fixture(scope="module")
def paper():
    return extract_text(SOURCE, PATH)


def claim_citing(paper, n: int):
    return next(c for c in paper.claims if n in c.footnotes)


def unsourced(paper):
    return next(c for c in paper.claims if not c.footnotes and not c.refs)


def finding(code: str, severity: Severity = Severity.WARNING, **where) -> Finding:
    return Finding(code, "some-rule", severity, f"{code} message", Location(PATH, 5, 1, **where))


def scope(rules=ALL_RULES, links=False) -> Scope:
    return Scope(frozenset(rules), links)


def test_the_paper_has_the_claims_these_tests_need(paper):
    first = claim_citing(paper, 1)
    assert first.refs == ("smith2019security",)
    assert claim_citing(paper, 2).refs == ("smith2019security",)  # through Ibid.
    assert unsourced(paper)


def test_a_sourced_claim_with_no_finding_is_supported(paper):
    verdict = judge(paper, claim_citing(paper, 1), [], scope(), {})
    assert verdict.verdict is Verdict.SUPPORTED
    assert "cites footnote 1" in verdict.reasons
    assert verdict.urls[0].url == "https://example.org/security" and verdict.urls[0].verdict is None


@pytest.mark.parametrize("where", [
    {"claim": "CLAIM"}, {"footnote": 1}, {"reference": "smith2019security"},
], ids=["on the claim", "on its footnote", "on its reference entry"])
def test_a_warning_attached_to_the_claim_its_note_or_its_entry_is_a_problem(paper, where):
    claim = claim_citing(paper, 1)
    where = {k: (claim.id if v == "CLAIM" else v) for k, v in where.items()}
    findings = [finding("R003", **where)]
    verdict = judge(paper, claim, findings, scope(), {})
    assert verdict.verdict is Verdict.PROBLEM
    assert verdict.findings == (0,)
    assert verdict.reasons == ("R003 some-rule: R003 message",)


def test_a_finding_on_another_note_or_entry_is_not_attached(paper):
    claim = claim_citing(paper, 1)
    assert not attached(claim, finding("N001", footnote=2))
    assert not attached(claim, finding("R002", reference="other2020"))
    assert not attached(claim, finding("C001", claim="c00000000"))


def test_an_info_finding_stays_attached_but_is_not_a_problem(paper):
    claim = claim_citing(paper, 1)
    verdict = judge(paper, claim, [finding("S004", Severity.INFO, claim=claim.id)], scope(), {})
    assert verdict.verdict is Verdict.SUPPORTED
    assert verdict.findings == (0,)
    strict = judge(paper, claim, [finding("S004", Severity.INFO, claim=claim.id)], scope(), {},
                   problem_at=Severity.INFO)
    assert strict.verdict is Verdict.PROBLEM


def test_a_claim_with_no_source_is_unverifiable_and_a_problem_outranks_that(paper):
    claim = unsourced(paper)
    assert judge(paper, claim, [], scope(), {}).verdict is Verdict.UNVERIFIABLE
    flagged = judge(paper, claim, [finding("S002", claim=claim.id)], scope(), {})
    assert flagged.verdict is Verdict.PROBLEM


@pytest.mark.parametrize("probe_verdict, expected", [
    ("ok", Verdict.SUPPORTED), ("redirected", Verdict.SUPPORTED),
    ("broken", Verdict.PROBLEM), ("soft_404", Verdict.PROBLEM), ("fragment_missing", Verdict.PROBLEM),
    ("timeout", Verdict.NOT_CHECKED), ("blocked", Verdict.NOT_CHECKED), ("skipped", Verdict.NOT_CHECKED),
])
def test_when_links_were_checked_the_url_verdict_decides(paper, probe_verdict, expected):
    probes = {"https://example.org/security": LinkResult("https://example.org/security", probe_verdict)}
    verdict = judge(paper, claim_citing(paper, 1), [], scope(links=True), probes)
    assert verdict.verdict is expected
    assert verdict.urls[0].verdict == probe_verdict


def test_a_url_left_unprobed_in_an_online_run_is_not_checked(paper):
    probes = {"https://elsewhere.example/": LinkResult("https://elsewhere.example/", "ok")}
    verdict = judge(paper, claim_citing(paper, 1), [], scope(links=True), probes)
    assert verdict.verdict is Verdict.NOT_CHECKED
    assert "not probed" in verdict.reasons[0]


def test_probes_are_ignored_when_the_scope_says_links_were_not_checked(paper):
    probes = {"https://example.org/security": LinkResult("https://example.org/security", "broken")}
    verdict = judge(paper, claim_citing(paper, 1), [], scope(links=False), probes)
    assert verdict.verdict is Verdict.SUPPORTED


def test_when_no_note_reference_or_url_rule_ran_a_sourced_claim_is_not_checked(paper):
    verdict = judge(paper, claim_citing(paper, 1), [], scope(rules=("C001", "S002")), {})
    assert verdict.verdict is Verdict.NOT_CHECKED
    assert verdict.reasons == ("no footnote, reference or URL rule was run",)


def test_a_quote_counts_as_found_only_when_sources_were_checked(paper):
    claim = claim_citing(paper, 1)
    quoted = replace(claim, quotes=("six states",))
    offline = judge(paper, quoted, [], scope(), {})
    online = judge(paper, quoted, [], scope(rules=(*ALL_RULES, "S001")), {})
    assert "quote not compared with the source" in offline.reasons
    assert "quote found in the source" in online.reasons
    missing = judge(paper, quoted, [finding("S001", claim=claim.id)], scope(rules=(*ALL_RULES, "S001")), {})
    assert missing.verdict is Verdict.PROBLEM


def test_scope_of_a_run_leaves_out_the_rules_that_did_not_run():
    run = Scope.of(["N001", "U003", "S001"], ["U003", "S001"], {})
    assert run.rules_run == {"N001"} and not run.links_checked and not run.sources_checked


def test_judge_all_gives_every_claim_in_order_and_counts_them(paper):
    verdicts = judge_all(paper, [finding("N001", footnote=2)], ALL_RULES, (), {})
    assert [v.claim.id for v in verdicts] == [c.id for c in paper.claims]
    counts = verdict_counts(verdicts)
    assert counts == {Verdict.SUPPORTED: 1, Verdict.PROBLEM: 1, Verdict.UNVERIFIABLE: 1,
                      Verdict.NOT_CHECKED: 0}
