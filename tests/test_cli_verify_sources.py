"""``claimcheck verify`` with the source rules S001, S003, S005 on the development paper.

Stand-ins for every URL the paper cites, for the Wayback availability API and
for the Crossref API are served on 127.0.0.4 (``--remap`` sends every host
there, ``[links] archive-api`` points the archive lookups there). What they
serve is built from the extracted paper, not copied from it:

* each quotation whose note gives a URL is on the cited page verbatim
  (*found*), except three: one with two words changed (*close*), one missing
  (*not_found*; the archived copy lacks it too) and one whose page answers 404
  (*source_unavailable*); a cited PDF is served as a PDF with the quotation
  on the pinpointed page;
* every cited page carries the title its note cites (S005 has nothing to say);
* Crossref answers the bibliographic query of the Kropatcheva article with a
  certain match whose page range differs (S003), and every other query with
  no match.

A run is recorded with ``--record`` and replayed with ``--cassette`` after the
server has stopped. ``cassettes/rauf-saud-2020-sources.yaml`` is such a
recording, committed, and replayed by the last test; rewrite it with
``pytest tests/test_cli_verify_sources.py --update-goldens`` (and review it).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Response

from claimcheck.cli import main
from claimcheck.engine import extract
from claimcheck.sources.compare import bibliographic_query
from claimcheck.sources.gathering import quote_jobs, title_jobs

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "papers" / "rauf-saud-2020.md"
COMMITTED = ROOT / "cassettes" / "rauf-saud-2020-sources.yaml"
HOST = "127.0.0.4"
SOURCE_RULES = "S001,S003,S005"
FAIL_ON = ("--fail-on", "warning")  # S001 and S003 report warnings: exit 1
CROSSREF_PATH = "/api.crossref.org/works"
SNAPSHOT_STAMP = "20200601000000"
NOTE = ("Recorded against loopback stand-ins on 127.0.0.4 (not the real sites, Crossref or the "
        "Wayback Machine)\nby tests/test_cli_verify_sources.py; rewrite it with pytest "
        "tests/test_cli_verify_sources.py --update-goldens.")
LOOKED_UP = ("article", "book", "chapter")  # the entries S003 looks up in Crossref
REPLACEMENTS = ("several", "various")  # the two words the "close" page prints differently


# -- what the stand-ins serve, from the extracted paper --------------------------


class StandIns:
    """The development paper's quotations, titles and registry entries, and the
    loopback answers built from them."""

    def __init__(self) -> None:
        self.paper = extract(PAPER)
        self.jobs = quote_jobs(self.paper)
        self.titles = {url: title for url, (_, title, _) in title_jobs(self.paper).items()}
        cited = Counter(url for job in self.jobs for url in job.urls)
        # only a quotation whose note gives one page, cited for nothing else, is made to fail
        single = sorted((job for job in self.jobs if len(job.urls) == 1 and cited[job.urls[0]] == 1
                         and not is_pdf(job.urls[0]) and len(job.quote.split()) >= 15),
                        key=lambda job: (-len(job.quote.split()), job.key))
        self.close, self.missing, self.gone = single[:3]
        self.expected = {job.key: "found" for job in self.jobs}
        self.expected.update({self.close.key: "close", self.missing.key: "not_found",
                              self.gone.key: "source_unavailable"})
        self.changed = close_words(self.close.quote)
        self.quotes_of: dict[str, list[str]] = {}
        for job in self.jobs:
            for url in job.urls:
                quote = self.changed[0] if job is self.close else job.quote
                if job is not self.missing:
                    self.quotes_of.setdefault(url, []).append(quote)
        self.pdf_pinpoint = {job.urls[0]: job.pinpoint for job in self.jobs
                             if is_pdf(job.urls[0]) and job.pinpoint}
        self.registry = [entry for entry in self.paper.references
                         if entry.fields.kind in LOOKED_UP and (entry.fields.doi or entry.fields.title)]
        self.kropatcheva = next(e for e in self.registry if e.key.startswith("kropatcheva"))
        self.queries = {bibliographic_query(e.fields): e.key for e in self.registry}
        self.pages_by_path = {path_of(url): url for job in self.jobs for url in job.urls}
        self.pages_by_path.update({path_of(url): url for url in self.titles})

    # the answers

    def __call__(self, request) -> Response:
        raw = request.environ.get("RAW_URI") or request.full_path.rstrip("?")
        if request.path == "/wayback/available":
            return self.wayback(request.args.get("url", ""))
        if request.path == CROSSREF_PATH:
            return self.crossref(request.args.get("query.bibliographic", ""))
        if request.path.startswith("/web.archive.org/web/"):
            return html_response("Archived copy", "The archived copy of the page, without the quotation.")
        url = self.pages_by_path.get(unquote(raw))
        if url is None:  # another URL of the paper, or a soft-404 sibling probe
            return html_response("Stand-in", "A stand-in page for a URL the paper cites.")
        if url == self.gone.urls[0]:
            return Response("<html><title>404 Not Found</title></html>", status=404,
                            content_type="text/html")
        title = self.titles.get(url, "Stand-in for a cited source")
        quotes = self.quotes_of.get(url, [])
        if is_pdf(url):
            return Response(make_pdf(title, quotes, self.pdf_pinpoint.get(url)),
                            content_type="application/pdf")
        filler = "This stand-in page does not carry the quotation its note cites."
        return html_response(title, *(quotes or [filler]))

    def wayback(self, url: str) -> Response:
        closest = {}
        if url == self.missing.urls[0]:
            closest = {"closest": {"status": "200", "available": True, "timestamp": SNAPSHOT_STAMP,
                                   "url": f"http://web.archive.org/web/{SNAPSHOT_STAMP}/{url}"}}
        return Response(json.dumps({"url": url, "archived_snapshots": closest}),
                        content_type="application/json")

    def crossref(self, query: str) -> Response:
        items = [crossref_item(self.kropatcheva.fields)] if self.queries.get(query) == self.kropatcheva.key else []
        body = {"status": "ok", "message-type": "work-list",
                "message": {"total-results": len(items), "items": items, "items-per-page": 3}}
        return Response(json.dumps(body), content_type="application/json")


def is_pdf(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(".pdf")


def path_of(url: str) -> str:
    """Where ``--remap '^https?://(.*) BASE/\\1'`` sends ``url`` on the stand-in server."""
    return unquote("/" + re.sub(r"^https?://", "", url).split("#", 1)[0])


def close_words(quote: str) -> tuple[str, list[str]]:
    """The quotation with two of its words replaced, and the two words replaced."""
    words = quote.split(" ")
    plain = [i for i, w in enumerate(words) if w.isalpha() and w.islower() and len(w) >= 4
             and w not in REPLACEMENTS]
    picked = [plain[len(plain) // 3], plain[2 * len(plain) // 3]]
    originals = [words[i] for i in picked]
    for i, new in zip(picked, REPLACEMENTS):
        words[i] = new
    return " ".join(words), originals


def html_response(title: str, *paragraphs: str) -> Response:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>"
            f"<p>A stand-in page served on loopback by the claimcheck tests.</p>{body}</article>"
            f"</body></html>")
    return Response(page, content_type="text/html; charset=utf-8")


def make_pdf(title: str, quotes: list[str], pinpoint: str | None) -> bytes:
    """A PDF whose first page carries the title and whose pinpointed page (the
    last one) carries the quotations."""
    from fpdf import FPDF

    pages = int(pinpoint) if pinpoint and pinpoint.isdigit() and int(pinpoint) <= 20 else 1
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_title(title)
    pdf.set_creation_date(datetime(2020, 6, 1, tzinfo=UTC))
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        text = [title] if number == 1 else [f"Page {number} of a stand-in document."]
        if number == pages:
            text += quotes
        pdf.multi_cell(0, 6, "\n\n".join(text))
    return bytes(pdf.output())


def crossref_item(fields) -> dict:
    """A Crossref search item for ``fields`` (a certain match) with another page range."""
    first, last = re.match(r"(\d+)\D+(\d+)", fields.pages).groups()
    family, _, given = fields.authors[0].partition(", ")
    return {
        "DOI": "10.5555/claimcheck.stand-in.1", "type": "journal-article", "score": 87.5,
        "title": [fields.title], "author": [{"family": family, "given": given, "sequence": "first"}],
        "container-title": [fields.container], "volume": fields.volume, "issue": fields.issue,
        "page": f"{first}-{int(last) + 3}", "issued": {"date-parts": [[int(fields.year)]]},
        "published-print": {"date-parts": [[int(fields.year), 11]]},
    }


@pytest.fixture(scope="module")
def stand_ins() -> StandIns:
    return StandIns()


# -- running verify ----------------------------------------------------------------


def verify(*args: str):
    return CliRunner().invoke(main, ["verify", str(PAPER), *args], catch_exceptions=False)


def configure(directory: Path, base: str) -> str:
    """Write claimcheck.toml for the stand-ins at ``base``; the --remap that reaches them."""
    (directory / "claimcheck.toml").write_text(
        f'[links]\nretries = 0\ncache = false\narchive-api = "{base}/wayback/available"\n', "utf-8")
    return r"^https?://(.*) " + base + r"/\1"


@pytest.fixture
def quiet(tmp_path, monkeypatch):
    """An empty directory, no contact address, no OpenAlex key."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMCHECK_MAILTO", raising=False)
    monkeypatch.delenv("CLAIMCHECK_OPENALEX_KEY", raising=False)
    return tmp_path


def findings(stdout: str, code: str) -> list[dict]:
    return [f for f in json.loads(stdout)["findings"] if f["code"] == code]


def check_report(stdout: str, stand_ins: StandIns) -> None:
    """What the stand-ins make S001, S003 and S005 say."""
    report = json.loads(stdout)
    assert not {"S001", "S003", "S005"} & set(report["not_run"])
    assert {f["code"] for f in report["findings"]} <= {"S001", "S003"}
    # S001: one finding per quotation that is not found verbatim, naming its claim and verdict
    s001 = {f["location"]["claim"]: f for f in findings(stdout, "S001")}
    failing = {stand_ins.close.claim: "close", stand_ins.missing.claim: "not_found",
               stand_ins.gone.claim: "source_unavailable"}
    assert {claim: f["evidence"]["verdict"] for claim, f in s001.items()} == failing
    assert len(findings(stdout, "S001")) == 3
    found = {job.claim for job in stand_ins.jobs if stand_ins.expected[job.key] == "found"}
    assert len(found) == len(stand_ins.jobs) - 3 and not found & set(s001)
    for job in (stand_ins.close, stand_ins.missing, stand_ins.gone):
        assert s001[job.claim]["location"]["footnote"] == job.footnote
        assert s001[job.claim]["evidence"]["url"] == job.urls[0]
    close = s001[stand_ins.close.claim]
    assert close["severity"] == "warning"
    assert [(d["quote"], d["source"]) for d in close["evidence"]["differences"]] == list(
        zip([w.lower() for w in stand_ins.changed[1]], REPLACEMENTS))
    missing = s001[stand_ins.missing.claim]
    assert missing["severity"] == "warning"
    assert "nor is it in the archived copy of 2020-06-01" in missing["message"]
    assert missing["evidence"]["archive"]["verdict"] == "not_found"
    gone = s001[stand_ins.gone.claim]
    assert gone["severity"] == "info" and gone["message"].endswith(f"({stand_ins.gone.urls[0]}: HTTP 404)")
    # S003: only Kropatcheva differs from its (certain) Crossref match, in its pages
    s003 = findings(stdout, "S003")
    assert {f["location"]["reference"] for f in s003} == {stand_ins.kropatcheva.key}
    by_severity = {f["severity"]: f for f in s003}
    assert len(s003) == 2 and set(by_severity) == {"warning", "info"}
    pages, doi = by_severity["warning"], by_severity["info"]
    assert [d["field"] for d in pages["evidence"]["differences"]] == ["pages"]
    registry_pages = crossref_item(stand_ins.kropatcheva.fields)["page"]
    assert pages["message"] == (f"pages differs from Crossref: the entry has "
                                f"\"{stand_ins.kropatcheva.fields.pages}\", Crossref \"{registry_pages}\"")
    assert pages["fix"] == f"pages: {registry_pages}"
    assert doi["fix"] == "add https://doi.org/10.5555/claimcheck.stand-in.1"  # the DOI it could add
    # S005: every page carries its cited title and quotation (or lacks it in the archive too)
    assert findings(stdout, "S005") == []


def check_cassette(path: Path, tmp_path: Path) -> set[str]:
    """The cassette holds stand-in answers only: every request went to 127.0.0.4, and
    no temporary path is written in it. Returns the request URIs."""
    text = path.read_text("utf-8")
    assert str(tmp_path) not in text and "/tmp/" not in text and str(ROOT) not in text
    interactions = yaml.safe_load(text)["interactions"]
    uris = {i["request"]["uri"] for i in interactions}
    assert uris and {urlsplit(uri).hostname for uri in uris} == {HOST}
    return uris


@pytest.fixture
def gathered(monkeypatch) -> list[dict]:
    """The probes each ``verify`` run gathered (what S001, S003 and S005 read), in order."""
    from claimcheck.links import runner

    seen: list[dict] = []
    real = runner.gather_paper

    def spy(*args, **kwargs):
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(runner, "gather_paper", spy)
    return seen


def check_verdicts(probes: dict, stand_ins: StandIns) -> None:
    """Every quotation whose note gives a URL has its verdict; every article and
    chapter of the reference list was looked up."""
    verdicts = {key: value.verdict for key, value in probes.items() if key.startswith("quote:")}
    assert verdicts == stand_ins.expected
    claims = probes["sources"]["claims"]
    assert {c: [v["verdict"] for v in vs] for c, vs in claims.items()} == {
        job.claim: [stand_ins.expected[job.key]] for job in stand_ins.jobs}
    pdf = [probes[job.key] for job in stand_ins.jobs if is_pdf(job.urls[0])]
    assert pdf and all(v.source.text.kind == "pdf" and not v.page_mismatch for v in pdf)
    for v in pdf:  # found on the page its note pinpoints
        if v.pinpoint and v.pinpoint.isdigit():
            assert v.match.page == int(v.pinpoint) and v.expected_pages == (v.match.page,) * 2
    checks = {key.removeprefix("crossref:"): value for key, value in probes.items()
              if key.startswith("crossref:")}
    assert set(checks) == {e.key for e in stand_ins.registry}
    assert all(c.error is None for c in checks.values())
    assert {key for key, c in checks.items() if c.record is not None} == {stand_ins.kropatcheva.key}
    assert [d.field for d in checks[stand_ins.kropatcheva.key].differences] == ["pages"]
    pages = {key: value for key, value in probes.items() if key.startswith("page:")}
    assert pages and all(p.title_found or not p.available for p in pages.values())


# -- record against the stand-ins, then replay without them ---------------------------


def test_record_with_stand_ins_then_replay_without_the_network(quiet, network_guard, stand_ins,
                                                               gathered, request):
    kinds = Counter(entry.fields.kind for entry in stand_ins.registry)
    assert kinds["article"] >= 5 and kinds["chapter"] >= 5  # the paper still has its journal articles
    assert len(stand_ins.jobs) >= 10 and len(set(stand_ins.expected.values())) == 4
    # every quotation of a claim whose own note prints a URL is a job (and so gets a verdict)
    from claimcheck.links.collect import paper_urls

    noted = {item.footnote for item in paper_urls(stand_ins.paper) if item.footnote is not None}
    quoted = {c.id: len(c.quotes) for c in stand_ins.paper.claims if c.quotes and set(c.footnotes) & noted}
    assert quoted and Counter(job.claim for job in stand_ins.jobs) >= Counter(quoted)
    server = HTTPServer(host=HOST, port=0)
    server.expect_request(re.compile(".*")).respond_with_handler(stand_ins)
    server.start()
    try:
        base = f"http://{HOST}:{server.port}"
        remap = configure(quiet, base)
        recorded = verify("--allow-private", "--remap", remap, "--record", "sources.yaml",
                          "--format", "json", "--select", SOURCE_RULES, *FAIL_ON)
        assert recorded.exit_code == 1, (recorded.exit_code, recorded.stdout[-4000:])
        asked = [req for req, _ in server.log]
    finally:
        server.clear()
        server.stop()
    # one Crossref query per journal article and chapter, nothing else asked of Crossref
    crossref = Counter(req.args["query.bibliographic"] for req in asked if req.path == CROSSREF_PATH)
    assert {stand_ins.queries[q]: n for q, n in crossref.items()} == {
        e.key: 1 for e in stand_ins.registry}
    assert not any(req.path.startswith("/api.openalex.org") for req in asked)
    # every cited source was fetched from the stand-in server
    fetched = {unquote(req.environ.get("RAW_URI") or req.path) for req in asked if req.method == "GET"}
    assert {path_of(url) for job in stand_ins.jobs for url in job.urls} <= fetched
    check_report(recorded.stdout, stand_ins)

    cassette = quiet / "sources.yaml"
    uris = check_cassette(cassette, quiet)
    assert any(CROSSREF_PATH in uri for uri in uris) and any("/wayback/available" in uri for uri in uris)
    replayed = verify("--allow-private", "--remap", remap, "--cassette", "sources.yaml",
                      "--format", "json", "--select", SOURCE_RULES, *FAIL_ON)
    assert replayed.exit_code == 1, replayed.output
    assert json.loads(replayed.stdout)["findings"] == json.loads(recorded.stdout)["findings"]
    assert len(gathered) == 2
    for probes in gathered:  # recorded, then replayed
        check_verdicts(probes, stand_ins)
    assert network_guard.lookups == [] and network_guard.connects == []

    if request.config.getoption("--update-goldens"):
        comment = "".join(f"# {line}\n" for line in NOTE.splitlines())
        COMMITTED.write_text(comment + cassette.read_text("utf-8"), "utf-8")


# -- the committed recording --------------------------------------------------------


def committed_base() -> str:
    """The stand-in server's address as the committed cassette recorded it."""
    uris = [i["request"]["uri"] for i in yaml.safe_load(COMMITTED.read_text("utf-8"))["interactions"]]
    return "http://" + urlsplit(uris[0]).netloc


@pytest.mark.skipif(not COMMITTED.exists(), reason="no committed cassette (record it with --update-goldens)")
def test_committed_cassette_replays_the_verdicts(quiet, network_guard, stand_ins, gathered):
    first = COMMITTED.read_text("utf-8").splitlines()[0]
    assert first.startswith("#") and "loopback stand-ins" in first and "NOT RECORDED" not in first.upper()
    check_cassette(COMMITTED, quiet)
    base = committed_base()
    remap = configure(quiet, base)
    replayed = verify("--allow-private", "--remap", remap, "--cassette", str(COMMITTED),
                      "--format", "json", "--select", SOURCE_RULES, *FAIL_ON)
    assert replayed.exit_code == 1, replayed.output
    check_report(replayed.stdout, stand_ins)
    assert len(gathered) == 1
    check_verdicts(gathered[0], stand_ins)
    assert network_guard.lookups == [] and network_guard.connects == []


def test_json_and_audit_carry_each_claims_quote_verdicts(quiet, network_guard, stand_ins, gathered):
    """Found quotations give no finding, so the verdicts travel on their own:
    a `sources` section in the JSON, and an 'In the source' line in the audit."""
    base = committed_base()
    remap = configure(quiet, base)
    replayed = verify("--allow-private", "--remap", remap, "--cassette", str(COMMITTED),
                      "--format", "json", "--select", SOURCE_RULES, "--fail-on", "never")
    (section,) = json.loads(replayed.stdout)["sources"]
    verdicts = {claim: [q["verdict"] for q in quotes] for claim, quotes in section["claims"].items()}
    assert sum(len(v) for v in verdicts.values()) == 11
    assert sorted(v for vs in verdicts.values() for v in vs).count("found") == 8
    assert set(section["registry"]) >= {"kropatcheva2016russia"}
    assert section["registry"]["kropatcheva2016russia"]["certain"] is True

    from claimcheck.audit import build_audit, render as render_audit

    result = gathered[-1] if gathered else None
    assert result is not None
    from claimcheck.engine import extract, verify as run_verify

    paper = extract(ROOT / "papers" / "rauf-saud-2020.md", display_path="papers/rauf-saud-2020.md")
    verified = run_verify(paper, select=tuple(SOURCE_RULES.split(",")), offline=False, probes=result)
    html = render_audit(build_audit(verified, date="2026-11-28", tool_version="test"), "html")
    assert html.count('data-verdict="found"') == 8
    assert 'data-verdict="close"' in html and 'data-verdict="not_found"' in html
    assert "quotations looked for in their sources" in html
