"""Wayback snapshots for dead links, from a loopback stand-in for the availability API."""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from net_servers import LoopServer, guard_network, options

from claimcheck.net.probe import check_links
from claimcheck.net.wayback import lookup_snapshot

pytestmark = pytest.mark.usefixtures("guard_network")
_ = guard_network

API_PATH = "/wayback/available"


def snapshot(stamp: str, status: str = "200") -> dict:
    return {"archived_snapshots": {"closest": {
        "available": True, "status": status, "timestamp": stamp,
        "url": f"http://web.archive.org/web/{stamp}/https://example.org/paper"}}}


def archive(server: LoopServer, captures: list[str], status: str = "200") -> list[str]:
    """Serve the availability API over ``captures`` (timestamps); returns the
    list of timestamps asked for."""
    asked: list[str] = []

    def handler(request):
        query = parse_qs(urlsplit(request.path).query)
        stamp = query.get("timestamp", [""])[0].ljust(14, "0")
        asked.append(stamp)
        if not captures:
            body = {"archived_snapshots": {}}
        else:
            target = _when(stamp) if stamp.strip("0") else _when(captures[-1])
            closest = min(captures, key=lambda c: abs((_when(c) - target).total_seconds()))
            body = snapshot(closest, status)
        request.send(200, json.dumps(body), content_type="application/json")

    server.route(API_PATH, handler)
    return asked


def _when(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%d%H%M%S")


@pytest.fixture
def api():
    with LoopServer("127.0.0.3") as server:
        yield server


def lookup(api: LoopServer, date: str | None, **changes):
    opts = options(archive_date=date, archive_api=api.url(API_PATH), **changes)
    return lookup_snapshot("https://example.org/paper", opts)


def test_before_is_preferred_to_a_closer_after(api):
    # closest to 2020-03-01 is 2020-03-20 (after); 2020-02-01 is before and near enough
    asked = archive(api, ["20200201000000", "20200320000000"])
    url = lookup(api, "20200301")
    assert url == "https://web.archive.org/web/20200201000000/https://example.org/paper"
    assert len(asked) == 2


def test_after_is_the_fallback(api):
    asked = archive(api, ["20100101000000", "20200302000000"])
    url = lookup(api, "20200301")
    assert url == "https://web.archive.org/web/20200302000000/https://example.org/paper"
    assert len(asked) == 2


def test_before_snapshot_needs_one_request(api):
    asked = archive(api, ["20200201000000"])
    assert lookup(api, "20200301").endswith("/web/20200201000000/https://example.org/paper")
    assert asked == ["20200301000000"]


def test_without_date_the_closest_is_taken(api):
    archive(api, ["20220101000000"])
    assert lookup(api, None).startswith("https://web.archive.org/web/20220101000000/")


def test_no_snapshot(api):
    archive(api, [])
    assert lookup(api, "20200301") is None


def test_snapshot_of_an_error_page_does_not_count(api):
    archive(api, ["20200201000000"], status="404")
    assert lookup(api, "20200301") is None


def test_api_down_is_none(api):
    api.page(API_PATH, "busy", status=503)
    assert lookup(api, "20200301", retries=0) is None


def test_api_address_is_checked(api):
    archive(api, ["20200201000000"])
    assert lookup(api, "20200301", allow_private=False) is None
    assert api.count() == 0


def test_probe_asks_for_dead_links_only(api):
    archive(api, ["20200201000000"])
    with LoopServer() as site:
        site.page("/ok", "<title>Fine</title>")
        urls = [site.url("/ok"), site.url("/dead1"), site.url("/dead2")]
        results = check_links(urls, options(archive_lookup=True, archive_date="20200301",
                                            archive_api=api.url(API_PATH)))
    assert results[urls[0]].archived_url is None
    assert results[urls[1]].archived_url.startswith("https://web.archive.org/web/20200201")
    assert results[urls[2]].archived_url is not None
    assert api.count() == 2


def test_archive_down_is_asked_once(api):
    api.page(API_PATH, "busy", status=503)
    with LoopServer() as site:
        urls = [site.url(f"/dead{n}") for n in range(5)]
        # five dead links checked at once: the archive is still asked only once
        results = check_links(urls, options(archive_lookup=True, archive_api=api.url(API_PATH),
                                            retries=0, max_concurrency=5))
    assert all(r.verdict == "broken" and r.archived_url is None for r in results.values())
    assert api.count() == 1
