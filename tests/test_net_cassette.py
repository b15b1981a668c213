"""Cassettes: a session recorded against a loopback server replays identically
with the server gone; the committed cassette in cassettes/ replays offline.

Re-record the committed cassette with
``CLAIMCHECK_RECORD_CASSETTES=1 pytest tests/test_net_cassette.py -k record``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from net_servers import LoopServer, answer, guard_network, options

from claimcheck.net.cassette import recorded_hosts, recording, replaying
from claimcheck.net.probe import check_links

pytestmark = pytest.mark.usefixtures("guard_network")
_ = guard_network

COMMITTED = Path(__file__).parent.parent / "cassettes" / "probe_loopback.yaml"
PATHS = ["/ok", "/old", "/tmp", "/missing", "/flaky", "/doc#intro", "/doc#nowhere",
         "/gone/article", "/deep/paper.html"]
EXPECTED = {"/ok": "ok", "/old": "redirected", "/tmp": "redirected", "/missing": "broken",
            "/flaky": "ok", "/doc#intro": "ok", "/doc#nowhere": "fragment_missing",
            "/gone/article": "soft_404", "/deep/paper.html": "soft_404"}
PAGE = "<html><head><title>A paper</title></head><body><h2 id='intro'>Intro</h2></body></html>"
ERROR = "<html><head><title>Oops</title></head><body><h1>Page not found</h1></body></html>"


def serve(server: LoopServer) -> None:
    server.page("/ok", PAGE)
    server.redirect("/old", "/ok", 301)
    server.redirect("/tmp", "/ok", 302)
    server.sequence("/flaky", answer(503), answer(200, PAGE))
    server.page("/doc", PAGE)
    server.page("/gone/article", ERROR)
    server.redirect("/deep/paper.html", "/", 302)
    server.page("/", "<title>Home</title><p>Welcome</p>")


class _SoftSite(dict):
    """Every unknown path under /gone/ answers the same error page with a 200."""

    def get(self, path, default=None):
        found = super().get(path, default)
        if found is None and path.startswith("/gone/"):
            return answer(200, ERROR)
        return found


def run(origin: str):
    urls = [origin + path for path in PATHS]
    return urls, check_links(urls, options(retries=1))


def comparable(result):
    return replace(result, elapsed_ms=None)


def test_record_then_replay_with_server_stopped(tmp_path):
    cassette = tmp_path / "session.yaml"
    server = LoopServer()
    server.start()
    server.routes = _SoftSite()
    serve(server)
    origin = server.url("")
    try:
        with recording(cassette, note="recorded by test_net_cassette against a loopback server"):
            urls, recorded = run(origin)
    finally:
        server.stop()
    verdicts = {path: recorded[url].verdict for path, url in zip(PATHS, urls, strict=True)}
    assert verdicts == EXPECTED
    text = cassette.read_text()
    assert text.startswith("# recorded by test_net_cassette")
    assert "Date:" not in text
    with replaying(cassette):
        _, replayed = run(origin)
    assert [comparable(replayed[u]) for u in urls] == [comparable(recorded[u]) for u in urls]


def test_replay_refuses_unrecorded_requests(tmp_path):
    cassette = tmp_path / "one.yaml"
    with LoopServer() as server:
        server.page("/ok", PAGE)
        with recording(cassette):
            check_links([server.url("/ok")], options())
        url = server.url("/ok")
    with replaying(cassette):
        results = check_links([url, url.replace("/ok", "/other"), "https://example.org/x"],
                              options(retries=0))
    assert results[url].verdict == "ok"
    assert results[url.replace("/ok", "/other")].verdict == "broken"
    assert "cassette" in results[url.replace("/ok", "/other")].error
    assert results["https://example.org/x"].verdict == "broken"  # no DNS was asked


def test_recorded_cassette_drops_date_and_cookies(tmp_path):
    cassette = tmp_path / "c.yaml"
    with LoopServer() as server:
        server.page("/ok", PAGE, headers={"Set-Cookie": "session=secret"})
        with recording(cassette):
            check_links([server.url("/ok")], options())
    data = yaml.safe_load(cassette.read_text())
    headers = {name.lower() for name in data["interactions"][0]["response"]["headers"]}
    assert "date" not in headers and "set-cookie" not in headers
    assert "content-type" in headers


def test_committed_cassette_replays():
    hosts = recorded_hosts(COMMITTED)
    data = yaml.safe_load(COMMITTED.read_text())
    first = urlsplit(data["interactions"][0]["request"]["uri"])
    assert hosts == {first.hostname}
    origin = f"{first.scheme}://{first.netloc}"
    with replaying(COMMITTED):
        urls, results = run(origin)
    verdicts = {path: results[url].verdict for path, url in zip(PATHS, urls, strict=True)}
    assert verdicts == EXPECTED
    assert results[origin + "/old"].permanent is True
    assert results[origin + "/tmp"].permanent is False


@pytest.mark.skipif(not os.environ.get("CLAIMCHECK_RECORD_CASSETTES"),
                    reason="set CLAIMCHECK_RECORD_CASSETTES=1 to re-record cassettes/")
def test_record_committed_cassette():
    with LoopServer(port=48_123) as server:
        server.routes = _SoftSite()
        serve(server)
        with recording(COMMITTED, note=(
                "Recorded, not authored: tests/test_net_cassette.py::test_record_committed_cassette\n"
                "ran check_links against its loopback server (tests/net_servers.py) on\n"
                f"{server.url('')}; re-record with CLAIMCHECK_RECORD_CASSETTES=1.")):
            run(server.url(""))
