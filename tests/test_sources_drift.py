"""S005: cited pages that changed, told by the Wayback snapshot closest to the
access date (replayed from a hand-written cassette; the pages on loopback)."""

from __future__ import annotations

import pytest
from test_sources_support import (
    cassette_for_port,
    html_page,
    loopback_options,
    no_external_network,
    server,
    source_server,
)

from claimcheck.engine import extract_text, verify
from claimcheck.net.cassette import replaying
from claimcheck.sources import gather
from claimcheck.sources.gathering import raw_snapshot_url

BODY = (
    'The concept says "the Republic stands for increasing the organisation\'s political and '
    'economic potential."<sup>1</sup> The security report reviews the exercises.<sup>2</sup> '
    'The minister said "an agreement on the pipeline was signed at the meeting."<sup>3</sup> '
    'The portal says "every citizen may now file a request online within minutes."<sup>4</sup>'
)
NOTES = [
    '"Foreign Policy Concept," *Ministry of Foreign Affairs*, accessed May 3, 2020, {base}policy.html.',
    '"Annual Report on Security," *Ministry of Defence*, accessed May 3, 2020, {base}security.html.',
    '"Press Statement," *Ministry of Foreign Affairs*, accessed May 3, 2020, {base}stable.html.',
    '"Fresh Portal," *Ministry of Justice*, accessed May 3, 2020, {base}fresh.html.',
]


def _paper(base: str) -> str:
    notes = "\n\n".join(f"<sup>{n}</sup> {text.format(base=base)}" for n, text in enumerate(NOTES, 1))
    return f"# A Paper\n\n## 1. Introduction\n\n{BODY}\n\n{notes}\n"


@pytest.fixture
def drifted(server, tmp_path):
    server.expect_request("/policy.html").respond_with_data(html_page(
        "Foreign Policy Concept", "The new concept of 2023 replaces the concept of 2016.",
        "The Republic now pursues a different policy, set out in the new document."),
        content_type="text/html")
    server.expect_request("/security.html").respond_with_data(html_page(
        "Welcome to the new portal", "This portal replaces the old websites of the ministry.",
        "Find services, news and contacts here."), content_type="text/html")
    server.expect_request("/stable.html").respond_with_data(html_page(
        "Press Statement", "The minister met his counterparts and discussed trade, transport and "
        "energy.", "No agreement was signed at the meeting."), content_type="text/html")
    server.expect_request("/fresh.html").respond_with_data(html_page(
        "Fresh Portal", "Requests are filed at the front desk during opening hours."),
        content_type="text/html")
    paper = extract_text(_paper(server.url_for("/")), "paper.md")
    cassette = cassette_for_port("wayback-drift.yaml", server.port, tmp_path)
    with replaying(cassette):
        gathered = gather(paper, loopback_options(archive_lookup=True))
    return paper, gathered


def _quote(gathered, footnote):
    return next(v for k, v in gathered.items() if k.startswith("quote:") and v.footnote == footnote)


def test_a_quotation_only_the_snapshot_holds_is_drift(drifted):
    _, gathered = drifted
    verdict = _quote(gathered, 1)
    assert verdict.verdict == "not_found" and verdict.drifted
    assert verdict.archive.timestamp == "20200401120000"
    assert verdict.archive.snapshot.startswith("https://web.archive.org/web/20200401120000/http://127.0.0.1:")


def test_s005_points_to_the_snapshot_and_s001_stays_silent_on_drift(drifted):
    paper, gathered = drifted
    findings = verify(paper, offline=False, probes=gathered, select=("S001", "S005")).findings
    summary = sorted((f.code, f.location.footnote) for f in findings)
    assert summary == [("S001", 3), ("S001", 4), ("S005", 1), ("S005", 2)]
    quote_drift = next(f for f in findings if f.code == "S005" and f.location.footnote == 1)
    assert "archived copy of 2020-04-01" in quote_drift.message
    assert quote_drift.fix.startswith("cite the archived copy: https://web.archive.org/web/2020")
    title_drift = next(f for f in findings if f.code == "S005" and f.location.footnote == 2)
    assert "no longer carries the cited title \"Annual Report on Security\"" in title_drift.message
    assert title_drift.evidence["archive"]["title_found"] is True


def test_not_in_the_snapshot_either_is_s001_not_drift(drifted):
    paper, gathered = drifted
    stable, fresh = _quote(gathered, 3), _quote(gathered, 4)
    assert (stable.verdict, stable.archive.verdict, stable.drifted) == ("not_found", "not_found", False)
    assert (fresh.verdict, fresh.archive.snapshot, fresh.drifted) == ("not_found", None, False)
    findings = verify(paper, offline=False, probes=gathered, select=("S001",)).findings
    message = next(f.message for f in findings if f.location.footnote == 3)
    assert "nor is it in the archived copy of 2019-01-01" in message


def test_a_page_that_keeps_its_title_is_not_drift(drifted):
    _, gathered = drifted
    assert {k: v.title_found for k, v in gathered.items() if k.startswith("page:")} == {
        k: k.endswith("security.html") is False for k in gathered if k.startswith("page:")}


def test_raw_snapshot_url():
    assert raw_snapshot_url("https://web.archive.org/web/20200401120000/http://x.org/a") == \
        "https://web.archive.org/web/20200401120000id_/http://x.org/a"
    assert raw_snapshot_url("https://web.archive.org/web/2020if_/http://x.org/a") == \
        "https://web.archive.org/web/2020id_/http://x.org/a"
