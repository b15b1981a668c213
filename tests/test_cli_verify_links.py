"""``claimcheck verify`` with the URL rules U003-U007: cassettes, loopback stand-ins, no network.

* the authored cassette ``cassettes/rauf-saud-2020-authored.yaml`` replays a
  plausible answer for every URL of the development paper;
* stand-ins for the paper's URLs are served on 127.0.0.3 (``--remap`` sends
  every host there), a run is recorded with ``--record`` and replayed with
  ``--cassette`` with the server stopped: same verdicts, no lookup, no connection;
* the network being down (the conftest guard refuses every real name) is one
  notice and exit 2, with the URL rules marked not run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Response

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "papers" / "rauf-saud-2020.md"
AUTHORED = ROOT / "cassettes" / "rauf-saud-2020-authored.yaml"
URL_RULES = ("U003", "U004", "U005", "U006", "U007")
NOT_FOUND = "eng.sectsco.org/news/20190419/533099.html"
MOVED = "greater-europe.org/archives/3965"
FORBIDDEN = "www.worldpoliticsreview.com/articles/5916/eurasian-security-institutions-the-csto-and-sco"

try:
    import claimcheck.net.probe  # noqa: F401
    ENGINE = True
except ImportError:
    ENGINE = False
needs_engine = pytest.mark.skipif(not ENGINE, reason="claimcheck.net.probe is not importable yet")


def verify(*args: str):
    return CliRunner().invoke(main, ["verify", str(PAPER), *args], catch_exceptions=False)


def url_findings(stdout: str) -> dict[str, list[tuple[int, str]]]:
    """code -> sorted (line, footnote or reference) of every U003-U007 finding."""
    found: dict[str, list[tuple[int, str]]] = {}
    for finding in json.loads(stdout)["findings"]:
        if finding["code"] in URL_RULES:
            where = finding["location"]
            record = f"note {where['footnote']}" if where["footnote"] else where["reference"]
            found.setdefault(finding["code"], []).append((where["line"], record))
    return {code: sorted(places) for code, places in sorted(found.items())}


@pytest.fixture
def quiet(tmp_path, monkeypatch):
    """Run from an empty directory with no retries and no cache."""
    (tmp_path / "claimcheck.toml").write_text("[links]\nretries = 0\ncache = false\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- the authored cassette ---------------------------------------------------


def test_the_authored_cassette_says_it_was_not_recorded():
    first = AUTHORED.read_text("utf-8").splitlines()[0]
    assert first.startswith("#") and "NOT RECORDED" in first.upper()


@needs_engine
def test_authored_cassette_gives_the_expected_url_findings(quiet, network_guard):
    result = verify("--cassette", str(AUTHORED), "--format", "json")
    assert result.exit_code == 1, result.output
    assert url_findings(result.stdout) == {
        "U003": [(224, "note 32"), (338, "sco2019afghanistan")],
        "U004": [(174, "note 24"), (342, "bescotti2018collective")],
        "U006": [(206, "note 29"), (369, "weitz2010eurasian")],
        "U007": [(224, "note 32"), (338, "sco2019afghanistan")],
    }
    report = json.loads(result.stdout)
    assert not set(report["not_run"]) & set(URL_RULES)
    fixes = {f["code"]: f["fix"] for f in report["findings"] if f["code"] in ("U004", "U007")}
    assert fixes["U004"] == "https://greater-europe.org/archives/3965"
    assert fixes["U007"].startswith("https://web.archive.org/web/20200815")
    assert network_guard.lookups == [] and network_guard.connects == []


@needs_engine
def test_authored_cassette_replays_every_url_the_paper_cites(quiet):
    """Every URL probed was answered by the cassette: none is 'not recorded'."""
    from claimcheck.engine import extract
    from claimcheck.links.options import build_settings
    from claimcheck.links.runner import probe_paper

    probes = probe_paper(extract(PAPER), build_settings({}, {"retries": 0}), cassette=AUTHORED)
    assert len(probes) == 26
    assert all(r.verdict != "skipped" and "not recorded" not in (r.error or "") for r in probes.values())
    counts = {verdict: sum(r.verdict == verdict for r in probes.values()) for verdict in
              ("ok", "redirected", "broken", "blocked")}
    assert counts == {"ok": 23, "redirected": 1, "broken": 1, "blocked": 1}


# -- loopback stand-ins: record, then replay ----------------------------------


def stand_in(request) -> Response:
    """Answer for a paper URL remapped to /<host>/<path> (or the Wayback API)."""
    path = request.full_path.rstrip("?")
    if path.startswith("/wayback/available"):
        body = {"archived_snapshots": {"closest": {
            "status": "200", "available": True, "timestamp": "20200601000000",
            "url": "http://web.archive.org/web/20200601000000/" + request.args.get("url", "")}}}
        return Response(json.dumps(body), content_type="application/json")
    if path.endswith(NOT_FOUND):
        return Response("<html><title>404 Not Found</title></html>", status=404, content_type="text/html")
    if request.path == "/" + MOVED:
        return Response("", status=301, headers={"Location": request.host_url + "https/" + MOVED})
    if path.endswith(FORBIDDEN):
        return Response("no bots", status=403, content_type="text/html")
    if path.lower().endswith(".pdf"):
        return Response(b"%PDF-1.4", content_type="application/pdf")
    return Response(f"<html><head><title>{path}</title></head><body><p>Stand-in.</p></body></html>",
                    content_type="text/html")


@needs_engine
def test_record_with_stand_ins_then_replay_without_the_network(quiet, network_guard):
    server = HTTPServer(host="127.0.0.3", port=0)
    server.expect_request(re.compile(".*")).respond_with_handler(stand_in)
    server.start()
    try:
        base = f"http://127.0.0.3:{server.port}"
        (quiet / "claimcheck.toml").write_text(
            f'[links]\nretries = 0\ncache = false\narchive-api = "{base}/wayback/available"\n', "utf-8")
        remap = (r"^https?://(.*) " + base + r"/\1")
        recorded = verify("--allow-private", "--remap", remap, "--record", "run.yaml", "--format", "json")
        assert recorded.exit_code == 1, recorded.output
        requested = {request.path for request, _ in server.log}
        assert len([p for p in requested if not p.startswith("/wayback")]) >= 26
        # the archive is asked for the URL the paper prints, not for the stand-in
        asked = [request.args.get("url", "") for request, _ in server.log
                 if request.path.startswith("/wayback")]
        assert asked and all("127.0.0.3" not in url for url in asked)
        assert any("eng.sectsco.org" in url for url in asked)
    finally:
        server.clear()
        server.stop()
    expected = {
        "U003": [(224, "note 32"), (338, "sco2019afghanistan")],
        "U004": [(174, "note 24"), (342, "bescotti2018collective")],
        "U006": [(206, "note 29"), (369, "weitz2010eurasian")],
        "U007": [(224, "note 32"), (338, "sco2019afghanistan")],
    }
    assert url_findings(recorded.stdout) == expected
    cassette = (quiet / "run.yaml").read_text("utf-8")
    assert "127.0.0.3" in cassette and "eng.sectsco.org" in cassette
    replayed = verify("--allow-private", "--remap", remap, "--cassette", "run.yaml", "--format", "json")
    assert replayed.exit_code == 1, replayed.output
    assert url_findings(replayed.stdout) == expected
    assert network_guard.lookups == [] and network_guard.connects == []


# -- no network, on purpose or not --------------------------------------------


@needs_engine
def test_network_down_is_said_once_and_exits_2(quiet, network_guard):
    result = verify("--format", "json")
    assert result.exit_code == 2
    assert result.stderr.count("network unreachable") == 1
    assert result.stderr.strip().splitlines()[-1] == "claimcheck: network unreachable: URL checks not run"
    report = json.loads(result.stdout)
    assert {code: report["not_run"].get(code) for code in URL_RULES} == dict.fromkeys(
        URL_RULES, "network unreachable: URL checks not run")
    assert not any(f["code"] in URL_RULES for f in report["findings"])  # never "every link is broken"
    assert {f["code"] for f in report["findings"]} >= {"N001", "U001"}  # the offline rules still ran
    assert network_guard.connects == []


@needs_engine
def test_network_down_in_the_text_report(quiet):
    result = verify()
    assert result.exit_code == 2
    assert "U003, U004, U005, U006, U007 network unreachable" in result.stdout
    assert result.stderr == "claimcheck: network unreachable: URL checks not run\n"


def test_offline_marks_the_url_rules_not_run(quiet, network_guard):
    result = verify("--offline", "--format", "json")
    assert result.exit_code in (0, 1)
    report = json.loads(result.stdout)
    assert {code: report["not_run"][code] for code in URL_RULES} == dict.fromkeys(
        URL_RULES, "offline: needs the network")
    assert network_guard.lookups == []


def test_no_url_rule_selected_means_no_probing(quiet, network_guard):
    result = verify("--select", "N001", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert network_guard.lookups == [] and network_guard.connects == []


@pytest.mark.parametrize(("args", "message"), [
    (("--offline", "--cassette", str(AUTHORED)), "--offline cannot be used"),
    (("--cassette", "missing.yaml"), "missing.yaml"),
    (("--exclude", "("), "--exclude: invalid regular expression"),
])
def test_verify_link_option_errors_are_exit_2(quiet, args, message):
    result = verify(*args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_record_takes_one_paper(quiet):
    result = CliRunner().invoke(main, ["verify", str(PAPER), str(PAPER), "--record", "x.yaml"])
    assert result.exit_code == 2 and "one PAPER" in result.output
