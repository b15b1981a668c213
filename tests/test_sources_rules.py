"""The fixtures of the network rules S001, S003 and S005, run with the network
stubbed: cited pages come from a table of canned bodies (extracted by the real
extractors), Wayback lookups from a table of snapshots, Crossref from the
hand-written cassette. ``tests/test_rules.py`` runs only the offline rules;
this is the same fires/passes contract for these three."""

from __future__ import annotations

from collections import Counter

import pytest
from test_rules import FIXTURES, expected_findings
from test_sources_support import (
    CASSETTES,
    html_page,
    loopback_options,
    make_pdf,
    no_external_network,
)

from claimcheck.engine import extract, verify
from claimcheck.net.cassette import replaying
from claimcheck.sources import gather
from claimcheck.sources import gathering as gather_module
from claimcheck.sources.fetch import Fetched, extract_text

SITE = "https://sources.example.org/"
POLICY = ("The Republic stands for increasing the organisation’s political and economic potential, "
          "as the concept of 2016 sets out.")
PAGES = {
    "concept.html": html_page(
        "Foreign Policy Concept", POLICY,
        "The informal level of cooperation in the energy sector is performed through the activities "
        "organized by the Business Council and the Forum.",
        "Abroad, the alliance takes a serious approach to cooperation with its neighbours."),
    "report.pdf": make_pdf([
        "Region Report. What is the Collective Organisation?",
        "Chapter one describes the founding treaty and the secretariat.",
        "Two regional groups are able to react to external military aggression; one force for the "
        "south."]),
    "policy.html": html_page("Foreign Policy Concept", "The new concept of 2023 replaces the old one.",
                             "The Republic now pursues a different policy."),
    "security.html": html_page("Welcome to the new portal", "This portal replaces the old websites.",
                               "Find services, news and contacts here."),
    "stable.html": html_page("Press Statement", "The minister discussed trade and energy.",
                             "No agreement was signed at the meeting."),
}
SNAPSHOTS = {
    "policy.html": ("20200401120000", html_page("Foreign Policy Concept", POLICY)),
    "security.html": ("20200415083000", html_page("Annual Report on Security",
                                                  "The annual report on security reviews the year.")),
    "stable.html": ("20190101000000", html_page("Press Statement",
                                                "No agreement was signed at the meeting.")),
}


def _body(url: str) -> tuple[str, bytes] | None:
    if url.startswith(SITE):
        page = PAGES.get(url[len(SITE):])
        if page is None:
            return None
        return ("application/pdf", page) if isinstance(page, bytes) else ("text/html", page.encode())
    for name, (stamp, html) in SNAPSHOTS.items():
        if url == f"https://web.archive.org/web/{stamp}id_/{SITE}{name}":
            return "text/html", html.encode()
    return None


def stub_fetch(network, url: str) -> Fetched:
    found = _body(url)
    if found is None:
        return Fetched(url, url, 404, "text/html", problem="HTTP 404")
    content_type, body = found
    return Fetched(url, url, 200, content_type, extract_text(body, content_type), size=len(body))


def stub_snapshot(client, url: str, archive_date, *, api=None):
    name = url[len(SITE):] if url.startswith(SITE) else None
    if name not in SNAPSHOTS:
        return None
    return f"https://web.archive.org/web/{SNAPSHOTS[name][0]}/{url}"


@pytest.fixture
def stubbed(monkeypatch):
    from claimcheck.net import wayback

    monkeypatch.setattr(gather_module, "fetch_source", stub_fetch)
    monkeypatch.setattr(wayback, "find_snapshot", stub_snapshot)


def findings_of(path, code: str) -> Counter:
    paper = extract(path)
    if code == "S003":
        with replaying(CASSETTES / "crossref-references.yaml"):
            probes = gather(paper, loopback_options(registry=True, quotes=False, check_titles=False))
    else:
        probes = gather(paper, loopback_options(archive_lookup=True))
    result = verify(paper, select=(code,), offline=False, probes=probes)
    crashes = [f.message for f in result.findings if f.code == "X000"]
    assert not crashes, crashes
    return Counter(f.location.line for f in result.findings)


NETWORK_RULES = ("S001", "S003", "S005")


@pytest.mark.parametrize("code", NETWORK_RULES)
def test_network_rule_fires_exactly_where_expected(stubbed, code):
    fires = FIXTURES / code / "fires.md"
    assert findings_of(fires, code) == expected_findings(fires, code)


@pytest.mark.parametrize("code", NETWORK_RULES)
def test_network_rule_stays_silent_on_the_passing_fixture(stubbed, code):
    assert findings_of(FIXTURES / code / "passes.md", code) == Counter()


def test_the_network_guard_refuses_external_traffic():
    import urllib3
    from test_sources_support import ExternalTraffic

    with pytest.raises((ExternalTraffic, urllib3.exceptions.HTTPError)):
        urllib3.PoolManager(retries=False).request("GET", "http://example.org/", timeout=1)
