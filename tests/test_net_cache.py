"""The SQLite link cache: re-runs inside the TTL send nothing; it never crashes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from net_servers import LoopServer, guard_network, options

from claimcheck.net import LinkResult
from claimcheck.net.cache import LinkCache, cache_key, default_cache_path
from claimcheck.net.probe import check_links

pytestmark = pytest.mark.usefixtures("guard_network")
_ = guard_network

PAGE = "<title>Fine</title><p id='a'>fine</p>"


@pytest.fixture
def server():
    with LoopServer() as srv:
        srv.page("/ok", PAGE)
        srv.redirect("/moved", "/ok", 301)
        yield srv


def cached(tmp_path: Path, **changes):
    return options(**{"use_cache": True, "cache_path": str(tmp_path / "links.sqlite"), **changes})


def test_rerun_within_ttl_sends_nothing(server, tmp_path):
    urls = [server.url("/ok"), server.url("/moved"), server.url("/missing"), server.url("/ok#a")]
    first = check_links(urls, cached(tmp_path))
    hits = server.count()
    assert hits > 0
    second = check_links(urls, cached(tmp_path))
    assert server.count() == hits
    for url in urls:
        assert second[url].from_cache and not first[url].from_cache
        assert second[url].verdict == first[url].verdict
        assert second[url].redirects == first[url].redirects
    assert second[server.url("/moved")].permanent is True


def test_expired_entries_are_probed_again(server, tmp_path):
    check_links([server.url("/ok")], cached(tmp_path, cache_ttl=0.2))
    time.sleep(0.3)
    result = check_links([server.url("/ok")], cached(tmp_path, cache_ttl=0.2))[server.url("/ok")]
    assert not result.from_cache
    assert server.count("/ok") == 2


def test_failures_use_failure_ttl(server, tmp_path):
    url = server.url("/missing")
    check_links([url], cached(tmp_path, failure_ttl=0))
    check_links([url], cached(tmp_path, failure_ttl=0))
    assert server.count("/missing") == 2  # not cached at all
    check_links([url], cached(tmp_path, failure_ttl=60))
    assert check_links([url], cached(tmp_path, failure_ttl=60))[url].from_cache


def test_use_cache_false_bypasses(server, tmp_path):
    check_links([server.url("/ok")], cached(tmp_path))
    options_off = cached(tmp_path, use_cache=False)
    assert not check_links([server.url("/ok")], options_off)[server.url("/ok")].from_cache
    assert server.count("/ok") == 2


def test_verdict_changing_options_do_not_share_entries(server, tmp_path):
    check_links([server.url("/ok")], cached(tmp_path))
    check_links([server.url("/ok")], cached(tmp_path, insecure=True))
    assert server.count("/ok") == 2


def test_key_is_normalized_url_plus_fragment():
    assert cache_key("HTTP://Example.ORG:80/a/./b/") == "http://example.org/a/b"
    assert cache_key("https://example.org/a#Sec") == "https://example.org/a#Sec"


def test_normalized_duplicates_share_the_entry(server, tmp_path):
    check_links([server.url("/ok")], cached(tmp_path))
    other_form = server.url("/ok/").replace("http://", "HTTP://")
    result = check_links([other_form], cached(tmp_path))[other_form]
    assert result.from_cache and result.url == other_form
    assert server.count("/ok") == 1


def test_corrupt_file_is_recreated_with_a_warning(server, tmp_path):
    path = tmp_path / "links.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.warns(RuntimeWarning, match="recreating"):
        check_links([server.url("/ok")], cached(tmp_path))
    assert check_links([server.url("/ok")], cached(tmp_path))[server.url("/ok")].from_cache


def test_unusable_directory_disables_cache(server, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    opts = options(use_cache=True, cache_path=str(blocker / "sub" / "links.sqlite"))
    with pytest.warns(RuntimeWarning, match="disabled"):
        result = check_links([server.url("/ok")], opts)[server.url("/ok")]
    assert result.verdict == "ok"


def test_default_path_honours_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cc"))
    assert default_cache_path() == tmp_path / "cc" / "links.sqlite"
    monkeypatch.delenv("CLAIMCHECK_CACHE_DIR")
    path = default_cache_path()
    assert path.name == "links.sqlite" and "claimcheck" in str(path)


def test_thread_safe_puts_and_gets(tmp_path):
    cache = LinkCache(tmp_path / "links.sqlite", options())
    errors = []

    def work(n):
        try:
            for i in range(50):
                url = f"https://example.org/{n}/{i}"
                cache.put(LinkResult(url, "ok", http_status=200))
                assert cache.get(url).verdict == "ok"
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    cache.close()
    assert errors == []


def test_skipped_is_never_cached(tmp_path):
    cache = LinkCache(tmp_path / "links.sqlite", options())
    cache.put(LinkResult("https://example.org/", "skipped", error="offline"))
    assert cache.get("https://example.org/") is None
    cache.close()
