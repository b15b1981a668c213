"""``claimcheck links`` end to end: a loopback site (127.0.0.2), formats, exit codes, options.

Every URL the tests probe is on 127.0.0.0/8 (``--allow-private``); names that
are not loopback are refused by the conftest network guard, which is how
"the network is down" is staged. Retries and Wayback lookups are off (a
settings file) so every test runs in well under a second.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from claimcheck.cli import main
from claimcheck.net import LinkResult

SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
PAGE = "<html><head><title>{0}</title></head><body><h1>{0}</h1><p>Some text about {0}.</p></body></html>"

try:
    import claimcheck.net.probe  # noqa: F401
    ENGINE = True
except ImportError:  # the probe engine is written elsewhere; these tests wait for it
    ENGINE = False
needs_engine = pytest.mark.skipif(not ENGINE, reason="claimcheck.net.probe is not importable yet")


def start_site() -> HTTPServer:
    server = HTTPServer(host="127.0.0.2", port=0)
    server.no_handler_status_code = 404
    server.expect_request("/ok").respond_with_data(PAGE.format("Charter"), content_type="text/html")
    server.expect_request("/paper.pdf").respond_with_data(b"%PDF-1.4", content_type="application/pdf")
    server.expect_request("/forbidden").respond_with_data("no bots", status=403)
    server.expect_request("/gone").respond_with_data("gone", status=410)
    server.start()  # before /old: its Location needs the port
    server.expect_request("/old").respond_with_data("", status=301,
                                                    headers={"Location": server.url_for("/ok")})
    return server


@pytest.fixture(scope="module")
def _shared_site():
    server = start_site()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def site(_shared_site):
    """The loopback site on 127.0.0.2, its request log cleared for each test."""
    _shared_site.clear_log()
    return _shared_site


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A working directory with a settings file: no retries, no archive, no cache."""
    (tmp_path / "claimcheck.toml").write_text(
        "[links]\nretries = 0\narchive = false\ncache = false\ntimeout = 5\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, ["links", *args], catch_exceptions=False)


def write(path: Path, text: str) -> str:
    path.write_text(text, "utf-8")
    return path.name


def paths_requested(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


# -- without the network -----------------------------------------------------


def test_offline_skips_every_url_and_exits_0(work, network_guard):
    name = write(work / "a.md", "https://www.example.org/a and https://www.example.org/b\n")
    result = invoke(name, "--offline", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [link["verdict"] for link in report["links"]] == ["skipped", "skipped"]
    assert {link["error"] for link in report["links"]} == {"offline"}
    assert report["summary"]["skipped"] == 2
    assert network_guard.lookups == [] and network_guard.connects == []


def test_network_down_is_one_line_and_exit_2(work, network_guard):
    if not ENGINE:
        pytest.skip("claimcheck.net.probe is not importable yet")
    name = write(work / "a.md", "https://www.example.org/a\nhttps://other.example.net/b\n")
    result = invoke(name)
    assert result.exit_code == 2
    assert result.output == "claimcheck: network unreachable: URL checks not run\n"
    assert "broken" not in result.output
    assert network_guard.connects == []  # refused at the lookup: nothing left the machine


def test_network_down_from_the_engine_stub(work, monkeypatch):
    if not ENGINE:
        pytest.skip("claimcheck.net.probe is not importable yet")
    import claimcheck.net.probe as probe

    def down(urls, options, **kwargs):
        raise probe.NetworkUnavailable("no network", {})

    monkeypatch.setattr(probe, "check_links", down)
    name = write(work / "a.md", "https://www.example.org/a\n")
    result = invoke(name, "--format", "json")
    assert (result.exit_code, result.output.strip().splitlines()) == (
        2, ["claimcheck: network unreachable: URL checks not run"])


def test_stubbed_engine_sees_remapped_urls_and_results_come_back_under_the_printed_ones(work, monkeypatch):
    if not ENGINE:
        pytest.skip("claimcheck.net.probe is not importable yet")
    import claimcheck.net.probe as probe

    asked = []

    def fake(urls, options, **kwargs):
        urls = list(urls)
        asked.extend(urls)
        return {url: LinkResult(url, "broken" if "gone" in url else "ok", http_status=200) for url in urls}

    monkeypatch.setattr(probe, "check_links", fake)
    name = write(work / "a.md", "https://www.example.org/gone and https://www.example.org/fine "
                                "and https://skip.example.com/x\n")
    result = invoke(name, "--format", "json", "--exclude", "skip\\.example",
                    "--remap", r"^https://www\.example\.org/(.*) http://127.0.0.9/\1")
    assert result.exit_code == 1
    assert sorted(asked) == ["http://127.0.0.9/fine", "http://127.0.0.9/gone"]
    verdicts = {link["url"]: link["verdict"] for link in json.loads(result.output)["links"]}
    assert verdicts == {"https://skip.example.com/x": "skipped", "https://www.example.org/fine": "ok",
                        "https://www.example.org/gone": "broken"}


@pytest.mark.parametrize(("args", "message"), [
    (("--exclude", "(unclosed"), "--exclude: invalid regular expression '(unclosed'"),
    (("--include", "["), "--include: invalid regular expression"),
    (("--accept", "200..abc"), "--accept"),
    (("--remap", "only-one"), "--remap"),
    (("--header", "NoColon"), "--header"),
    (("--cache-ttl", "1 week"), "--cache-ttl"),
    (("--record", "a.yaml", "--cassette", "b.yaml"), "cannot be used together"),
    (("--offline", "--cassette", "b.yaml"), "--offline cannot be used"),
])
def test_bad_options_are_exit_2_with_one_line(work, args, message):
    name = write(work / "a.md", "https://www.example.org/a\n")
    result = invoke(name, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_unreadable_file_and_bad_config_are_exit_2(work):
    (work / "bin.md").write_bytes(b"\x00\x00")
    assert invoke("bin.md", "--offline").exit_code == 2
    (work / "claimcheck.toml").write_text("[links]\nmax-concurrency = 0\n", "utf-8")
    name = write(work / "a.md", "https://www.example.org/a\n")
    result = invoke(name, "--offline")
    assert result.exit_code == 2 and "--max-concurrency" in result.output


# -- against a loopback site -------------------------------------------------


def site_file(work: Path, site: HTTPServer, *paths: str) -> str:
    lines = [f"Line {n}: {site.url_for(path)}" for n, path in enumerate(paths, start=1)]
    return write(work / "links.md", "\n".join(lines) + "\n")


@needs_engine
def test_all_ok_exits_0(work, site):
    name = site_file(work, site, "/ok", "/paper.pdf")
    result = invoke(name, "--allow-private")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("2 URLs in 1 file: 2 ok; none failing")


@needs_engine
def test_a_broken_link_exits_1_and_is_reported_with_its_line(work, site):
    name = site_file(work, site, "/ok", "/missing", "/gone")
    result = invoke(name, "--allow-private", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["schema"] == "claimcheck/links@1"
    assert list(report) == ["schema", "tool", "links", "summary", "failing", "notices"]
    assert [link["url"] for link in report["links"]] == sorted(link["url"] for link in report["links"])
    keys = ["url", "verdict", "http_status", "final_url", "redirects", "error", "elapsed_ms",
            "archived_url", "sources"]
    assert all(list(link) == keys for link in report["links"])
    by_path = {link["url"].rsplit("/", 1)[-1]: link for link in report["links"]}
    assert (by_path["missing"]["verdict"], by_path["missing"]["http_status"]) == ("broken", 404)
    assert by_path["gone"]["sources"] == [{"path": name, "line": 3}]
    lines = result.output.splitlines()  # one line per link, so two runs diff by link
    assert [json.loads(line.strip().rstrip(","))["url"] for line in lines
            if line.startswith('    {"url"')] == [link["url"] for link in report["links"]]
    assert report["summary"]["broken"] == 2 and report["summary"]["ok"] == 1
    assert report["failing"] == 2


@needs_engine
def test_private_addresses_are_refused_without_allow_private(work, site):
    name = site_file(work, site, "/ok")
    result = invoke(name, "--format", "json")
    assert result.exit_code == 0
    link = json.loads(result.output)["links"][0]
    assert link["verdict"] == "skipped"
    assert paths_requested(site) == []


@needs_engine
def test_blocked_fails_only_with_fail_on_warning(work, site):
    name = site_file(work, site, "/ok", "/forbidden")
    assert invoke(name, "--allow-private").exit_code == 0
    assert invoke(name, "--allow-private", "--fail-on", "warning").exit_code == 1


@needs_engine
def test_accept_403_makes_a_blocked_site_ok(work, site):
    name = site_file(work, site, "/forbidden")
    result = invoke(name, "--allow-private", "--accept", "200..299,403", "--fail-on", "warning",
                    "--format", "json")
    assert json.loads(result.output)["links"][0]["verdict"] == "ok"
    assert result.exit_code == 0


@needs_engine
def test_accept_makes_a_status_ok(work, site):
    name = site_file(work, site, "/missing")
    assert invoke(name, "--allow-private").exit_code == 1
    result = invoke(name, "--allow-private", "--accept", "200..299,404", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["links"][0]["verdict"] == "ok"


@needs_engine
def test_exclude_and_include(work, site):
    name = site_file(work, site, "/ok", "/missing", "/gone")
    result = invoke(name, "--allow-private", "--exclude", "/(missing|gone)$", "--format", "json")
    assert result.exit_code == 0
    verdicts = {link["url"].rsplit("/", 1)[-1]: link["verdict"] for link in json.loads(result.output)["links"]}
    assert verdicts == {"ok": "ok", "missing": "skipped", "gone": "skipped"}
    assert "/missing" not in paths_requested(site) and "/gone" not in paths_requested(site)
    site.clear_log()
    result = invoke(name, "--allow-private", "--exclude", "127\\.0\\.0\\.2", "--include", "/gone$")
    assert result.exit_code == 1
    assert paths_requested(site) == ["/gone"]


@needs_engine
def test_remap_probes_the_stand_in_and_reports_the_printed_url(work, site):
    name = write(work / "a.md", "The charter: https://www.example.org/ok\n")
    remap = rf"^https://www\.example\.org/(.*) http://127.0.0.2:{site.port}/\1"
    result = invoke(name, "--allow-private", "--remap", remap, "--format", "json")
    assert result.exit_code == 0, result.output
    link = json.loads(result.output)["links"][0]
    assert (link["url"], link["verdict"]) == ("https://www.example.org/ok", "ok")
    assert paths_requested(site) == ["/ok"]


@needs_engine
def test_headers_and_user_agent_are_sent(work, site):
    name = site_file(work, site, "/ok")
    assert invoke(name, "--allow-private", "--user-agent", "paper-bot/2",
                  "--header", "X-Review: yes").exit_code == 0
    request = site.log[-1][0]
    assert request.headers["User-Agent"] == "paper-bot/2"
    assert request.headers["X-Review"] == "yes"


@needs_engine
def test_html_and_bibtex_files(work, site):
    (work / "page.html").write_text(f'<p>\n<a href="{site.url_for("/gone")}">x</a>\n'
                                    f'<a href="local.html">y</a></p>\n', "utf-8")
    (work / "refs.bib").write_text(f"@misc{{k,\n  title = {{T}},\n  url = {{{site.url_for('/ok')}}}\n}}\n",
                                   "utf-8")
    result = invoke("page.html", "refs.bib", "--allow-private", "--format", "json")
    assert result.exit_code == 1
    sources = {link["verdict"]: link["sources"] for link in json.loads(result.output)["links"]}
    assert sources == {"broken": [{"path": "page.html", "line": 2}], "ok": [{"path": "refs.bib", "line": 3}]}


@needs_engine
def test_permanent_redirect_is_a_warning_with_the_new_url(work, site):
    name = site_file(work, site, "/old")
    result = invoke(name, "--allow-private", "--format", "json")
    link = json.loads(result.output)["links"][0]
    assert link["verdict"] == "redirected", link
    assert link["final_url"] == site.url_for("/ok")
    assert link["redirects"] == [{"url": site.url_for("/old"), "status": 301}]
    assert result.exit_code == 0
    github = invoke(name, "--allow-private", "--format", "github").output
    assert github.startswith(f"::warning file={name},line=1,title=U004 permanent-redirect::")


# -- formats -----------------------------------------------------------------


@needs_engine
def test_every_format_renders_the_same_run(work, site, tmp_path):
    name = site_file(work, site, "/ok", "/missing", "/forbidden")
    text = invoke(name, "--allow-private")
    assert text.exit_code == 1
    assert f"[FAIL] {site.url_for('/missing')}: broken (HTTP 404)" in text.output
    assert f"  {name}:2" in text.output
    assert f"[blocked] {site.url_for('/forbidden')}" in text.output

    markdown = invoke(name, "--allow-private", "--format", "markdown").output
    assert markdown.startswith("## claimcheck links: 1 failing")
    assert "| broken | 1 |" in markdown and "U003 broken-url | error" in markdown

    github = invoke(name, "--allow-private", "--format", "github").output.splitlines()
    assert github[0].startswith(f"::warning file={name},line=3,title=U006 link-blocked-or-timeout::")
    assert github[1].startswith(f"::error file={name},line=2,title=U003 broken-url::")

    junit = ET.fromstring(invoke(name, "--allow-private", "--format", "junit").output)
    suite = junit.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "0")
    failed = [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]
    assert failed == [site.url_for("/missing")]

    sarif_result = invoke(name, "--allow-private", "--format", "sarif", "--output", "out.sarif")
    assert sarif_result.exit_code == 1 and sarif_result.output == ""
    sarif = json.loads((work / "out.sarif").read_text("utf-8"))
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("U006", "warning"), ("U003", "error")]
    assert results[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    jsonschema = pytest.importorskip("jsonschema")
    if SARIF_SCHEMA.exists():
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text("utf-8")))


@needs_engine
def test_in_ci_nothing_but_the_report_is_printed(work, site, monkeypatch):
    monkeypatch.setenv("CI", "true")
    name = site_file(work, site, "/ok")
    result = CliRunner().invoke(main, ["links", name, "--allow-private"], catch_exceptions=False)
    assert result.output == "1 URL in 1 file: 1 ok; none failing\n"
    assert "\x1b" not in result.output and "\r" not in result.output


# -- record and replay -------------------------------------------------------


@needs_engine
def test_record_then_replay_gives_the_same_verdicts_without_the_network(work, network_guard):
    site = start_site()
    name = site_file(work, site, "/ok", "/missing", "/forbidden", "/paper.pdf")
    recorded = invoke(name, "--allow-private", "--record", "run.yaml", "--format", "json")
    assert recorded.exit_code == 1
    assert (work / "run.yaml").is_file()
    site.stop()  # nothing answers now: a replay that used the network would fail
    replayed = invoke(name, "--allow-private", "--cassette", "run.yaml", "--format", "json")
    assert replayed.exit_code == 1, replayed.output

    def verdicts(output):
        return {link["url"]: (link["verdict"], link["http_status"]) for link in json.loads(output)["links"]}

    assert verdicts(replayed.output) == verdicts(recorded.output)
    assert network_guard.lookups == [] and network_guard.connects == []


def test_a_missing_cassette_is_exit_2(work):
    name = write(work / "a.md", "https://www.example.org/a\n")
    result = invoke(name, "--cassette", "nope.yaml")
    assert result.exit_code == 2 and "nope.yaml" in result.output


def test_help_lists_the_issue_options():
    output = CliRunner().invoke(main, ["links", "--help"]).output
    for option in ("--exclude", "--include", "--accept", "--remap", "--user-agent", "--header",
                   "--max-concurrency", "--per-host", "--timeout", "--max-redirects", "--cache / --no-cache",
                   "--cache-ttl", "--allow-private", "--insecure", "--record", "--cassette", "--format",
                   "--output", "--offline", "--fail-on"):
        assert option in output, option
