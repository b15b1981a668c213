"""S001 end to end: quotations checked against HTML and PDF sources served on
loopback, every verdict, through ``sources.gather`` and ``engine.verify``."""

from __future__ import annotations

import time

from test_sources_support import (
    html_page,
    loopback_options,
    make_pdf,
    no_external_network,
    server,
    source_server,
)
from werkzeug import Response

from claimcheck.engine import extract_text, verify
from claimcheck.finding import Severity
from claimcheck.sources import claim_verdicts, gather
from claimcheck.sources.fetch import Network, fetch_source

CONCEPT = html_page(
    "Foreign Policy Concept",
    "The Republic stands for increasing the organisation’s political and economic potential, "
    "and for its transformation into a multifunctional organisation.",
    "The informal level of cooperation in the energy sector is performed through the "
    "activities organized by the Business Council and the Forum.",
    "Nothing else on this page concerns the questions the paper asks.",
)
REPORT_PAGES = [
    "Region Report. What is the Collective Organisation? An introduction to the report.",
    "Chapter one describes the founding treaty and the secretariat of the organisation.",
    "Two regional groups are able to react to external military aggression; one force "
    "for the south. There is also a collective peacekeeping force of 3,500 soldiers.",
]


def paper(base: str, notes: list[str], body: str) -> str:
    lines = ["# A Paper", "", "## 1. Introduction", "", body, ""]
    for number, note in enumerate(notes, start=1):
        lines += [f"<sup>{number}</sup> {note.format(base=base)}", ""]
    return "\n".join(lines)


BODY = (
    'The concept says "the Republic stands for increasing the organisation\'s political and '
    'economic potential."<sup>1</sup> '
    'It adds that it stands "for its transformation into a multifunctional '
    'organization."<sup>2</sup> '
    'The ministry writes that "the informal level of cooperation in the energy sector is '
    'performed through the activities of the national parliaments and their '
    'committees."<sup>3</sup> '
    'It even says "the moon is made of green cheese and nobody disputes it."<sup>4</sup> '
    'A report finds that "two regional groups are able to react to external military '
    'aggression."<sup>5</sup> '
    'Another says "the organisation has no secretariat at all."<sup>6</sup>'
)
NOTES = [
    '"Foreign Policy Concept," *Ministry of Foreign Affairs*, accessed May 3, 2020, {base}concept.html.',
    "Ibid.",
    '"Foreign Policy Concept," *Ministry of Foreign Affairs*, {base}concept.html.',
    '"Foreign Policy Concept," *Ministry of Foreign Affairs*, {base}concept.html.',
    'Karen Avery, "What is the Collective Organisation?," *Region Report*, (2019), 2, {base}report.pdf.',
    'Jane Roe, "Missing Report," *Region Report*, (2019), {base}gone.html.',
]


def _serve_sources(server):
    server.expect_request("/concept.html").respond_with_data(CONCEPT, content_type="text/html")
    server.expect_request("/report.pdf").respond_with_data(make_pdf(REPORT_PAGES),
                                                          content_type="application/pdf")
    server.expect_request("/gone.html").respond_with_data("no such page", status=404)


def _run(server, **options):
    _serve_sources(server)
    text = paper(server.url_for("/"), NOTES, BODY)
    extracted = extract_text(text, "paper.md")
    gathered = gather(extracted, loopback_options(**options))
    return extracted, gathered


def _verdicts(extracted, gathered):
    by_claim = claim_verdicts(gathered)
    ordered = [c for c in extracted.claims if c.id in by_claim]
    return [(by_claim[c.id][0]["footnote"], by_claim[c.id][0]["verdict"]) for c in ordered]


def test_every_verdict_from_html_and_pdf_sources(server):
    extracted, gathered = _run(server)
    assert _verdicts(extracted, gathered) == [
        (1, "found"), (2, "close"), (3, "partial"), (4, "not_found"), (5, "found"),
        (6, "source_unavailable")]


def test_close_shows_the_differences_and_the_passage(server):
    extracted, gathered = _run(server)
    close = next(v for v in gathered.values() if getattr(v, "verdict", None) == "close")
    assert close.match.differences == (("organization", "organisation"),)
    assert close.match.passage == "for its transformation into a multifunctional organisation"
    assert close.url.endswith("/concept.html")  # "Ibid." borrowed the URL of note 1
    evidence = close.as_dict()
    assert evidence["start"] < evidence["end"] and evidence["page"] is None


def test_quote_on_page_3_while_the_note_cites_page_2(server):
    extracted, gathered = _run(server)
    pdf = next(v for v in gathered.values() if getattr(v, "footnote", None) == 5)
    assert (pdf.verdict, pdf.match.page, pdf.expected_pages, pdf.page_mismatch) == (
        "found", 3, (2, 2), True)
    findings = verify(extracted, offline=False, probes=gathered, select=("S001",)).findings
    page = [f for f in findings if f.location.footnote == 5]
    assert [(f.severity, f.evidence["page"]) for f in page] == [(Severity.INFO, 3)]
    assert "page 3" in page[0].message and "cites page 2" in page[0].message


def test_s001_findings_carry_the_verdict_as_evidence(server):
    extracted, gathered = _run(server)
    findings = verify(extracted, offline=False, probes=gathered, select=("S001",)).findings
    summary = sorted((f.location.footnote, f.severity.value, f.evidence["verdict"]) for f in findings)
    assert summary == [(2, "warning", "close"), (3, "warning", "partial"),
                       (4, "warning", "not_found"), (5, "info", "found"),
                       (6, "info", "source_unavailable")]
    unavailable = next(f for f in findings if f.location.footnote == 6)
    assert "HTTP 404" in unavailable.message
    assert all(f.location.claim for f in findings)


def test_without_gathered_sources_the_rules_find_nothing(server):
    extracted = extract_text(paper("http://127.0.0.1:9/", NOTES, BODY), "paper.md")
    result = verify(extracted, offline=False, probes={}, select=("S001", "S003", "S005"))
    assert result.findings == []
    assert set(verify(extracted, select=("S001",)).not_run) == {"S001"}


def test_a_source_far_too_large_is_refused_without_downloading_it(server):
    chunk = b"x" * 65_536
    served = []

    def endless(request):
        def body():
            for _ in range(16_000):  # a 1 GB body, if anyone read it all
                served.append(1)
                yield chunk
        return Response(body(), content_type="text/plain")

    server.expect_request("/huge.txt").respond_with_handler(endless)
    server.expect_request("/declared.pdf").respond_with_handler(lambda request: Response(
        iter([b"%PDF-1.4 and 5 GB more, it says"]), content_type="application/pdf",
        headers={"Content-Length": str(5_000_000_000)}))
    options = loopback_options(max_source_bytes=1_000_000)
    started = time.monotonic()
    with Network(options) as network:
        streamed = fetch_source(network, server.url_for("/huge.txt"))
        declared = fetch_source(network, server.url_for("/declared.pdf"))
    assert time.monotonic() - started < 10
    assert streamed.too_large and not streamed.available
    assert "too large: more than 1.0 MB" in streamed.problem
    assert len(served) < 200  # a few MB at most left the server, not 1 GB
    assert declared.too_large and declared.size == 5_000_000_000
    assert "5000.0 MB" in declared.problem and "not downloaded" in declared.problem


def test_too_large_is_source_unavailable_with_a_clear_message(server):
    server.expect_request("/big.html").respond_with_data(
        "<html><body>" + "<p>words and words</p>" * 10_000 + "</body></html>",
        content_type="text/html")
    text = paper(server.url_for("/"), ['"Big Page," {base}big.html.'],
                 'It says "words and words and words and more words."<sup>1</sup>')
    extracted = extract_text(text, "paper.md")
    gathered = gather(extracted, loopback_options(max_source_bytes=50_000))
    (verdict,) = [v for k, v in gathered.items() if k.startswith("quote:")]
    assert verdict.verdict == "source_unavailable"
    finding, = verify(extracted, offline=False, probes=gathered, select=("S001",)).findings
    assert finding.severity == Severity.INFO
    assert "too large" in finding.message and "limit is 0.1 MB" in finding.message


def test_loopback_is_refused_unless_allowed(server):
    _serve_sources(server)
    with Network(loopback_options(allowed_hosts=())) as network:
        refused = fetch_source(network, server.url_for("/concept.html"))
    assert not refused.available and "private address refused" in refused.problem


def test_redirects_are_followed_and_checked_on_every_hop(server):
    _serve_sources(server)
    server.expect_request("/old").respond_with_data("", status=301,
                                                     headers={"Location": "/concept.html"})
    server.expect_request("/leak").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with Network(loopback_options()) as network:
        moved = fetch_source(network, server.url_for("/old"))
        leak = fetch_source(network, server.url_for("/leak"))
    assert moved.available and moved.final_url.endswith("/concept.html")
    assert not leak.available and "private address refused" in leak.problem


def test_a_binary_that_is_neither_page_nor_pdf_is_unavailable(server):
    server.expect_request("/image.png").respond_with_data(b"\x89PNG\r\n\x1a\n....",
                                                         content_type="image/png")
    with Network(loopback_options()) as network:
        image = fetch_source(network, server.url_for("/image.png"))
    assert not image.available and "image/png" in image.problem
