"""S003 and the registry clients: Crossref replayed from hand-written cassettes,
a rate-limited registry on loopback, OpenAlex as the second source."""

from __future__ import annotations

import time

import pytest
from test_sources_support import (
    CASSETTES,
    loopback_options,
    no_external_network,
    server,
    source_server,
)

from claimcheck.engine import extract_text, verify
from claimcheck.finding import Severity
from claimcheck.net.cassette import replaying
from claimcheck.sources import gather
from claimcheck.sources.fetch import Network
from claimcheck.sources.registry import Crossref, _Gate, crossref_record

PAPER = """\
# A Paper

## 1. Introduction

Some text cites things (Roe 2019; Smith 2015; Doe 2018; Avery 2017; Lee 2010).

## References

Roe, Jane. 2019. "The Two Powers." *Journal of Things* 3 (1): 1-10. https://doi.org/10.5555/two-powers.

Smith, John. 2015. "Cooperation and Conflict in the Region." *Journal of Regional Studies* 12 (2): 33-50. https://doi.org/10.5555/retracted.

Doe, Ann. 2018. "Unknown Things." *Journal of Nothing* 1 (1): 1-5. https://doi.org/10.5555/nope.

Avery, Karen. 2017. "Security Communities in Central Asia." *Asian Affairs* 48 (2): 211-230.

Lee, Min. 2010. *A History of Everything*. London: Big Press.
"""


def registry_options(**overrides):
    return loopback_options(registry=True, quotes=False, check_titles=False, **overrides)


@pytest.fixture
def checked():
    paper = extract_text(PAPER, "paper.md")
    with replaying(CASSETTES / "crossref-references.yaml"):
        gathered = gather(paper, registry_options())
    return paper, gathered


def test_every_entry_is_looked_up(checked):
    _, gathered = checked
    keys = sorted(k for k in gathered if k.startswith("crossref:"))
    assert keys == ["crossref:avery2017security", "crossref:doe2018unknown", "crossref:lee2010history",
                    "crossref:roe2019two", "crossref:smith2015cooperation"]
    roe = gathered["crossref:roe2019two"]
    assert roe.lookup == "doi" and roe.certain
    assert [(d.field, d.paper, d.registry) for d in roe.differences] == [
        ("volume", "3", "4"), ("pages", "1-10", "1-12")]


def test_a_certain_search_match_suggests_the_doi(checked):
    _, gathered = checked
    avery = gathered["crossref:avery2017security"]
    assert (avery.lookup, avery.certain, avery.suggested_doi, avery.differences) == (
        "query", True, "10.5555/security-communities", ())
    lee = gathered["crossref:lee2010history"]  # the only candidate is another work
    assert (lee.certain, lee.record, lee.suggested_doi, lee.candidates) == (False, None, None, 1)


def test_s003_findings(checked):
    paper, gathered = checked
    findings = verify(paper, offline=False, probes=gathered, select=("S003",)).findings
    summary = sorted((f.location.reference, f.severity.value, f.message.split(":")[0]) for f in findings)
    assert summary == [
        ("avery2017security", "info",
         "Crossref has this work as DOI 10.5555/security-communities; the entry gives none"),
        ("doe2018unknown", "warning", "DOI 10.5555/nope is not registered with Crossref"),
        ("roe2019two", "warning", "pages differs from Crossref"),
        ("roe2019two", "warning", "volume differs from Crossref"),
        ("smith2015cooperation", "error",
         "Crossref records a retraction of this work (notice 10.5555/retraction-notice), 2021-03-01"),
    ]
    volume = next(f for f in findings if f.message.startswith("volume"))
    assert volume.fix == "volume: 4" and volume.evidence["record"]["doi"] == "10.5555/two-powers"


def test_notices_are_read_from_update_to_updated_by_and_relation():
    notice = crossref_record({"DOI": "10.5555/N", "title": ["Retraction notice"], "update-to": [
        {"type": "retraction", "DOI": "10.5555/original", "updated": {"date-parts": [[2020, 1, 5]]}}]})
    assert [(u.type, u.doi, u.date, u.direction) for u in notice.updates] == [
        ("retraction", "10.5555/original", "2020-01-05", "update-to")]
    corrected = crossref_record({"DOI": "10.5555/C", "relation": {
        "is-corrected-by": [{"id-type": "doi", "id": "10.5555/erratum", "asserted-by": "object"}]}})
    assert [(u.type, u.doi) for u in corrected.updates] == [("correction", "10.5555/erratum")]


def test_rate_limited_registry_waits_for_retry_after(server):
    server.expect_oneshot_request("/works/10.5555/two-powers").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"})
    server.expect_request("/works/10.5555/two-powers").respond_with_json(
        {"status": "ok", "message": {"DOI": "10.5555/two-powers", "title": ["The Two Powers"]}},
        headers={"X-Rate-Limit-Limit": "5", "X-Rate-Limit-Interval": "1s"})
    options = registry_options(crossref_base=server.url_for("/").rstrip("/"), retries=2)
    with Network(options) as network:
        crossref = Crossref(network, options)
        started = time.monotonic()
        record = crossref.work("10.5555/two-powers")
        waited = time.monotonic() - started
    assert record.title == "The Two Powers"
    assert waited >= 1.0
    assert crossref.gate.spacing == pytest.approx(0.2)  # 5 per second, learnt from the headers
    (first, _), (second, _) = server.log
    assert second.args["mailto"] == "test@example.org"
    assert "mailto:test@example.org" in second.headers["User-Agent"]
    assert first.path == second.path


def test_gate_spaces_request_starts():
    gate = _Gate(3)
    gate.learn("20", "1s")
    assert gate.spacing == pytest.approx(0.05)
    gate.learn("10", "500ms")
    assert gate.spacing == pytest.approx(0.05)
    gate.learn("nonsense", "1s")
    assert gate.spacing == pytest.approx(0.05)
    started = time.monotonic()
    for _ in range(5):
        with gate:
            pass
    assert time.monotonic() - started >= 0.19


def test_mailto_and_openalex_key_come_from_the_environment():
    from claimcheck.sources import SourceOptions

    options = SourceOptions.from_env({"CLAIMCHECK_MAILTO": "me@uni.example",
                                      "CLAIMCHECK_OPENALEX_KEY": "k"})
    assert options.mailto == "me@uni.example" and options.openalex_key == "k"
    assert "mailto:me@uni.example" in options.agent()
    assert SourceOptions.from_env({}).mailto is None


def test_openalex_answers_when_crossref_does_not():
    paper = extract_text(
        "# P\n\n## 1. Intro\n\nText (Kovac 2015).\n\n## References\n\n"
        'Kovac, Maria. 2015. "Regional Orders After the Cold War." *Journal of Eurasian Studies* '
        "5 (2): 101-115. https://doi.org/10.5555/only-openalex.\n", "paper.md")
    with replaying(CASSETTES / "crossref-openalex-fallback.yaml"):
        gathered = gather(paper, registry_options(openalex_key="test-key"))
    (check,) = [v for k, v in gathered.items() if k.startswith("crossref:")]
    assert check.record.source == "openalex"
    assert [(d.field, d.paper, d.registry) for d in check.differences] == [("year", "2015", "2014")]
    (finding,) = verify(paper, offline=False, probes=gathered, select=("S003",)).findings
    assert finding.message.startswith("year differs from OpenAlex")
    assert finding.severity == Severity.WARNING


def test_a_registry_that_cannot_be_asked_gives_no_finding(server):
    server.expect_request("/works/10.5555/two-powers").respond_with_data("down", status=503)
    paper = extract_text(PAPER, "paper.md")
    gathered = gather(paper, registry_options(crossref_base=server.url_for("/").rstrip("/")))
    assert gathered["crossref:roe2019two"].error == "HTTP 503"
    findings = verify(paper, offline=False, probes=gathered, select=("S003",)).findings
    assert "roe2019two" not in {f.location.reference for f in findings}
