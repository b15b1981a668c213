"""Progress on standard error: plain lines at an interval in CI logs and pipes,
nothing for quick work, a bar only on a terminal."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from claimcheck import progress as progress_module
from claimcheck.cli import main
from claimcheck.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _plain(clock: Clock, **options) -> tuple[Progress, io.StringIO]:
    stream = io.StringIO()
    return Progress("checking links", "URLs", stream=stream, terminal=False, interval=10.0,
                    clock=clock, **options), stream


@pytest.mark.parametrize(("count", "step", "expected"), [
    # 25 s of work: a line at 10 s and at 20 s, with the tally so far
    (2500, 0.01, ["claimcheck: checking links: 1,000 of 2,500 URLs after 10 s (980 ok, 20 broken)",
                  "claimcheck: checking links: 2,000 of 2,500 URLs after 20 s (1,960 ok, 40 broken)"]),
    (500, 0.001, []),  # half a second of work: nothing
])
def test_a_plain_line_every_interval_with_the_tally(count, step, expected):
    clock = Clock()
    progress, stream = _plain(clock, minimum=0)
    with progress:
        progress.set_total(count)
        for i in range(count):
            clock.now += step
            progress.advance("broken" if i % 50 == 0 else "ok")
    assert stream.getvalue().splitlines() == expected


@pytest.mark.parametrize(("options", "expected"), [
    ({"total": 1}, ""),  # at the minimum: nothing, however long it takes
    ({}, "claimcheck: checking links: 1 URLs after 12 s\n"),  # no total, no tally
])
def test_one_slow_item(options, expected):
    clock = Clock()
    progress, stream = _plain(clock, **options)
    with progress:
        clock.now += 12
        progress.advance()
    assert stream.getvalue() == expected


def test_a_terminal_gets_a_bar_and_no_plain_lines():
    clock = Clock()
    stream = io.StringIO()
    with Progress("verifying", "papers", total=3, stream=stream, terminal=True, interval=0.0,
                  clock=clock) as progress:
        assert progress._bar is not None
        for _ in range(3):
            clock.now += 20
            progress.advance()
    assert "claimcheck: verifying" not in stream.getvalue()


def test_ci_is_never_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("CI", "true")
    assert Progress("x", "y", stream=Tty()).terminal is False
    monkeypatch.delenv("CI")
    assert Progress("x", "y", stream=Tty()).terminal is True
    assert Progress("x", "y", stream=io.StringIO()).terminal is False


def test_links_prints_plain_progress_on_stderr_only(tmp_path, monkeypatch, loopback_site):
    monkeypatch.setattr(progress_module, "PLAIN_INTERVAL", 0.0)  # a line after every URL
    page = tmp_path / "links.md"
    page.write_text(f"- <{loopback_site}/a>\n- <{loopback_site}/missing>\n")
    settings = tmp_path / "claimcheck.toml"
    settings.write_text("[links]\nretries = 0\narchive = false\n")
    result = CliRunner().invoke(main, ["links", str(page), "--allow-private", "--no-cache", "--format", "json",
                                       "--config", str(settings)])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["summary"]["broken"] == 1  # stdout is the report alone
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("claimcheck: checking links: 2 of 2 URLs after 0 s (")
    assert "1 ok" in lines[-1] and "1 broken" in lines[-1]


@pytest.fixture
def loopback_site():
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.2", port=0)
    server.no_handler_status_code = 404
    server.expect_request("/a").respond_with_data("<title>A</title><h1>A</h1><p>Fine.</p>",
                                                  content_type="text/html")
    server.start()
    try:
        yield f"http://127.0.0.2:{server.port}"
    finally:
        server.clear()
        server.stop()

