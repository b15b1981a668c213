"""check_links against loopback servers: one test per verdict and per behaviour."""

from __future__ import annotations

import time

import pytest
from net_servers import LoopServer, answer, guard_network, loopback_resolver, options, slow

from claimcheck.net import Hop
from claimcheck.net.probe import NetworkUnavailable, check_links

pytestmark = pytest.mark.usefixtures("guard_network")
_ = guard_network  # the fixture, imported for pytest

PAGE = "<html><head><title>A paper</title></head><body><h1 id='intro'>Intro</h1>" \
       "<p>Some text about the study and its results.</p><a name='legacy'></a></body></html>"
ERROR_PAGE = "<html><head><title>Oops</title></head><body><h1>Page not found</h1>" \
             "<p>Sorry, the page {path} does not exist. Try the search box.</p></body></html>"


@pytest.fixture
def server():
    with LoopServer() as srv:
        yield srv


def check_one(url: str, **changes):
    return check_links([url], options(**changes))[url]


def test_ok(server):
    server.page("/ok", PAGE)
    result = check_one(server.url("/ok"))
    assert result.verdict == "ok"
    assert result.http_status == 200
    assert result.final_url == server.url("/ok")
    assert result.redirects == () and result.permanent is None
    assert result.elapsed_ms is not None and result.elapsed_ms >= 0


def test_head_refused_then_get(server):
    server.route("/nohead", lambda r: r.send(405) if r.method == "HEAD" else r.send(200, PAGE))
    result = check_one(server.url("/nohead"), detect_soft_404=False)
    assert result.verdict == "ok"
    assert server.count("/nohead", "HEAD") == 1
    assert server.count("/nohead", "GET") == 1


def test_head_trusted_when_it_says_ok(server):
    server.page("/pdf", "%PDF-1.4", content_type="application/pdf")
    assert check_one(server.url("/pdf"), detect_soft_404=False).verdict == "ok"
    assert server.count("/pdf", "GET") == 0 and server.count("/pdf", "HEAD") == 1


def test_flaky_500_then_ok(server):
    server.sequence("/flaky", answer(500), answer(200, PAGE))
    result = check_one(server.url("/flaky"))
    assert result.verdict == "ok"
    assert server.count("/flaky") == 2


def test_500_every_time_is_broken_after_retries(server):
    server.page("/down", "<title>Error</title>", status=500)
    result = check_one(server.url("/down"), retries=2)
    assert result.verdict == "broken"
    assert result.http_status == 500
    assert "3 attempts" in result.error
    assert server.count("/down") == 3


def test_404_is_broken_and_not_retried(server):
    result = check_one(server.url("/missing"))
    assert result.verdict == "broken" and result.http_status == 404
    assert server.count("/missing") == 1


def test_429_retry_after_is_honoured_and_capped(server):
    server.sequence("/busy", answer(429, headers={"Retry-After": "100"}), answer(200, PAGE))
    started = time.monotonic()
    result = check_one(server.url("/busy"), retry_after_cap=0.4)
    waited = time.monotonic() - started
    assert result.verdict == "ok"
    assert 0.35 <= waited < 2.0  # waited the cap, not 100 s


def test_429_retry_after_seconds_below_cap(server):
    server.sequence("/busy", answer(429, headers={"Retry-After": "0"}), answer(200, PAGE))
    started = time.monotonic()
    assert check_one(server.url("/busy"), retry_after_cap=5).verdict == "ok"
    assert time.monotonic() - started < 1.0


def test_429_every_time_is_blocked(server):
    server.page("/limit", "slow down", status=429, headers={"Retry-After": "0"})
    result = check_one(server.url("/limit"), retries=1)
    assert result.verdict == "blocked" and result.http_status == 429


@pytest.mark.parametrize("status", [403, 999])
def test_bot_statuses_are_blocked(server, status):
    server.page("/wall", "no", status=status)
    assert check_one(server.url("/wall")).verdict == "blocked"


def test_cloudflare_challenge_is_blocked(server):
    challenge = "<html><head><title>Just a moment...</title></head><body>" \
                "<script src='/cdn-cgi/challenge-platform/x.js'></script></body></html>"
    server.page("/cf", challenge, status=503, headers={"cf-mitigated": "challenge"})
    server.page("/cf200", challenge)
    result = check_one(server.url("/cf"))
    assert result.verdict == "blocked" and "challenge" in result.error
    assert server.count("/cf") == 1  # a challenge is not retried
    assert check_one(server.url("/cf200")).verdict == "blocked"


def test_permanent_redirect(server):
    server.redirect("/old", "/new", 301)
    server.redirect("/new", "/newest", 308)
    server.page("/newest", PAGE)
    result = check_one(server.url("/old"))
    assert result.verdict == "redirected"
    assert result.permanent is True
    assert result.final_url == server.url("/newest")
    assert result.redirects == (Hop(server.url("/old"), 301), Hop(server.url("/new"), 308))


def test_temporary_redirect(server):
    server.redirect("/tmp", "/target", 302)
    server.page("/target", PAGE)
    result = check_one(server.url("/tmp"))
    assert result.verdict == "redirected"
    assert result.permanent is False
    assert result.redirects == (Hop(server.url("/tmp"), 302),)


def test_redirect_loop(server):
    server.redirect("/a", "/b", 302)
    server.redirect("/b", "/a", 302)
    result = check_one(server.url("/a"))
    assert result.verdict == "broken" and "loop" in result.error
    assert server.count("/a") == 1 and server.count("/b") == 1


def test_cookie_bounce_is_not_a_loop(server):
    def gate(request):
        if "seen=1" in (request.headers.get("Cookie") or ""):
            request.send(200, PAGE)
        else:
            request.redirect(302, "/gate", {"Set-Cookie": "seen=1; Path=/"})

    server.route("/gate", gate)
    assert check_one(server.url("/gate")).verdict == "redirected"


def test_too_many_redirects(server):
    for n in range(6):
        server.redirect(f"/r{n}", f"/r{n + 1}", 302)
    server.page("/r6", PAGE)
    result = check_one(server.url("/r0"), max_redirects=3)
    assert result.verdict == "broken" and "too many redirects" in result.error
    assert len(result.redirects) == 4
    assert server.count() == 4  # /r0../r3 asked, nothing after
    assert check_one(server.url("/r0"), max_redirects=6).verdict == "redirected"


def test_soft_404_by_text_and_sibling(server):
    # every path under /articles/ answers 200 with the same error page
    server.routes = _PrefixRoutes({}, "/articles/",
                                  lambda r: r.send(200, ERROR_PAGE.format(path=r.path)))
    result = check_one(server.url("/articles/gone"))
    assert result.verdict == "soft_404", result
    assert server.count() == 2  # the page and one random sibling


class _PrefixRoutes(dict):
    """Routes where every path under ``prefix`` falls back to ``handler``."""

    def __init__(self, routes, prefix, handler):
        super().__init__(routes)
        self.prefix, self.handler = prefix, handler

    def get(self, path, default=None):
        found = super().get(path, default)
        return found if found is not None or not path.startswith(self.prefix) else self.handler


def test_page_about_not_found_on_an_honest_site_is_ok(server):
    # the random sibling gets a real 404, so a 200 that mentions "not found" is believed
    server.page("/news/higgs", "<title>Higgs partner not found at LHC</title><p>Physicists...</p>")
    assert check_one(server.url("/news/higgs")).verdict == "ok"


def test_sibling_probe_is_cached_per_host(server):
    server.routes = _PrefixRoutes({}, "/", lambda r: r.send(200, ERROR_PAGE.format(path=r.path)))
    urls = [server.url(f"/p{n}") for n in range(5)]
    results = check_links(urls, options(max_concurrency=4))
    assert {r.verdict for r in results.values()} == {"soft_404"}
    assert server.count() == 6  # five pages, one sibling


def test_soft_404_by_redirect_to_home(server):
    server.redirect("/deep/path/paper.html", "/", 302)
    server.page("/", "<title>Welcome</title><p>Home of the project.</p>")
    result = check_one(server.url("/deep/path/paper.html"))
    assert result.verdict == "soft_404" and "home page" in result.error
    assert result.final_url == server.url("/")


def test_redirect_from_home_to_home_is_fine(server):
    server.redirect("/index.html", "/", 301)
    server.page("/", "<title>Welcome</title>")
    assert check_one(server.url("/index.html")).verdict == "redirected"


def test_huge_body_is_not_downloaded():
    total = 50 * 1024 * 1024
    cap = 100_000

    def huge(request):
        request.handler.send_response(200)
        request.handler.send_header("Content-Type", "text/html")
        request.handler.send_header("Content-Length", str(total))
        request.handler.end_headers()
        chunk = b"<p>" + b"x" * 65_533
        sent = 0
        while sent < total and request.write(chunk):
            sent += len(chunk)

    with LoopServer(send_buffer=32_768) as server:
        server.route("/huge.html", huge)
        server.route("/huge.pdf", lambda r: r.send(200, b"%PDF" + b"0" * 10, content_type="application/pdf"))
        started = time.monotonic()
        result = check_one(server.url("/huge.html#nowhere"), max_body=cap)
        assert time.monotonic() - started < 5
        assert result.verdict == "ok"  # page cut at the cap: the fragment is not judged
        time.sleep(0.1)
        assert server.bytes_sent < cap + 1_000_000  # the cap plus socket buffers
        assert server.bytes_sent < total / 10


def test_non_html_body_is_never_read():
    total = 50 * 1024 * 1024

    def pdf(request):
        request.handler.send_response(200)
        request.handler.send_header("Content-Type", "application/pdf")
        request.handler.send_header("Content-Length", str(total))
        request.handler.end_headers()
        while request.write(b"0" * 65_536):
            pass

    with LoopServer(send_buffer=32_768) as server:
        server.route("/paper.pdf", pdf)
        result = check_one(server.url("/paper.pdf"))
        assert result.verdict == "ok"
        time.sleep(0.1)
        assert server.bytes_sent < 1_000_000


def test_slow_server_times_out(server):
    server.route("/slow", slow(1.5, answer(200, PAGE)))
    started = time.monotonic()
    result = check_one(server.url("/slow"), timeout=0.3, retries=1)
    assert result.verdict == "timeout"
    assert server.count("/slow") == 2
    assert time.monotonic() - started < 1.5


def test_fragment_present_and_missing(server):
    server.page("/doc", PAGE)
    urls = [server.url("/doc#intro"), server.url("/doc#legacy"), server.url("/doc#nowhere"),
            server.url("/doc#top"), server.url("/doc#:~:text=study")]
    results = check_links(urls, options())
    assert [results[u].verdict for u in urls] == ["ok", "ok", "fragment_missing", "ok", "ok"]
    assert "nowhere" in results[urls[2]].error
    assert results[urls[2]].final_url == urls[2]


def test_fragment_survives_redirect(server):
    server.redirect("/moved", "/doc", 301)
    server.page("/doc", PAGE)
    result = check_one(server.url("/moved#nowhere"))
    assert result.verdict == "fragment_missing"
    assert result.final_url == server.url("/doc#nowhere")


def test_each_url_checked_once(server):
    server.page("/once", PAGE)
    url = server.url("/once")
    seen = []
    results = check_links([url, url, url], options(), on_result=seen.append)
    assert list(results) == [url]
    assert len(seen) == 1
    assert server.count("/once") == 1


def test_fragments_are_different_urls_but_share_nothing_wrong(server):
    server.page("/doc", PAGE)
    urls = [server.url("/doc#intro"), server.url("/doc#nowhere")]
    results = check_links(urls, options())
    assert [results[u].verdict for u in urls] == ["ok", "fragment_missing"]


def test_per_host_limit(server):
    server.route("/slow", slow(0.15, answer(200, PAGE)))
    for n in range(12):
        server.route(f"/s{n}", slow(0.1, answer(200, PAGE)))
    urls = [server.url(f"/s{n}") for n in range(12)]
    results = check_links(urls, options(max_concurrency=12, per_host=3))
    assert all(r.verdict == "ok" for r in results.values())
    assert server.peak <= 3
    assert server.peak >= 2  # the limit, not a lack of workers, is what held it


def test_per_host_delay(server):
    for n in range(4):
        server.page(f"/d{n}", PAGE)
    started = time.monotonic()
    check_links([server.url(f"/d{n}") for n in range(4)], options(per_host_delay=0.1))
    assert time.monotonic() - started >= 0.3


def test_offline_sends_nothing(server):
    server.page("/ok", PAGE)
    results = check_links([server.url("/ok"), "mailto:a@b.c"], options(offline=True))
    assert {r.verdict for r in results.values()} == {"skipped"}
    assert {r.error for r in results.values()} == {"offline"}
    assert server.count() == 0


def test_non_http_is_skipped():
    results = check_links(["ftp://ftp.example.org/x", "mailto:a@b.c", "doi:10.1/x"], options())
    assert {r.verdict for r in results.values()} == {"skipped"}


def test_dns_failure_is_broken(server):
    server.page("/ok", PAGE)
    resolver = loopback_resolver({"good.test": "127.0.0.1"}, default=None)
    resolver_map = loopback_resolver({"good.test": "127.0.0.1", "example.com": "127.0.0.1"},
                                     default=None)
    url = f"http://nxdomain.test:{server.port}/x"
    good = f"http://good.test:{server.port}/ok"
    results = check_links([url, good], options(), resolver=resolver)
    assert results[url].verdict == "broken" and "DNS" in results[url].error
    assert results[good].verdict == "ok"  # the name went through the injected resolver
    # alone, a DNS failure is still "broken" when the canary names resolve
    assert check_links([url], options(), resolver=resolver_map)[url].verdict == "broken"


def test_network_down_raises():
    resolver = loopback_resolver(default=None)
    urls = ["https://example.org/a", "https://doi.org/10.1000/1"]
    with pytest.raises(NetworkUnavailable) as caught:
        check_links(urls, options(), resolver=resolver)
    assert set(caught.value.results) == set(urls)
    assert "example.org" in resolver.calls and "example.com" in resolver.calls  # the canary


def test_connection_refused_is_broken():
    with LoopServer() as server:
        url = server.url("/gone")
    # the server is stopped: the port refuses; the canary still resolves
    result = check_links([url], options(retries=1),
                         resolver=loopback_resolver())[url]
    assert result.verdict == "broken"


def test_wayback_snapshot_for_dead_link(server):
    api = LoopServer("127.0.0.3")
    with api:
        api.page("/wayback/available", '{"archived_snapshots": {"closest": {"available": true, '
                 '"url": "http://web.archive.org/web/20200101000000/x", "timestamp": '
                 '"20200101000000", "status": "200"}}}', content_type="application/json")
        result = check_one(server.url("/dead"), archive_lookup=True, archive_date="20200301",
                           archive_api=api.url("/wayback/available"))
        assert result.verdict == "broken"
        assert result.archived_url == "https://web.archive.org/web/20200101000000/x"
        assert api.count() == 1


def test_connection_goes_to_the_checked_address(guard_network):
    """A name that answers a public-looking address to the check and a private one
    afterwards (DNS rebinding) still gets only the checked address."""
    with LoopServer("127.0.0.2") as checked, LoopServer("127.0.0.1") as other:
        checked.page("/", PAGE)
        answers = iter(["127.0.0.2"] + ["127.0.0.1"] * 10)
        url = f"http://rebind.test:{checked.port}/"
        opts = options(allow_private=False, allowed_hosts=frozenset({"127.0.0.2"}))
        result = check_links([url], opts, resolver=lambda host, port: [next(answers)])[url]
        assert result.verdict == "ok"
        assert checked.count() >= 1 and other.count() == 0


def test_a_crashing_probe_is_one_skipped_url(server, monkeypatch):
    from claimcheck.net import prober

    def crash(text):
        raise RuntimeError("no verdict today")

    monkeypatch.setattr(prober, "is_challenge", crash)
    server.page("/ok", PAGE)
    url = server.url("/ok")
    result = check_links([url], options())[url]
    assert result.verdict == "skipped" and "RuntimeError" in result.error


def test_results_keep_input_order_and_reach_on_result(server):
    import threading

    server.page("/a", PAGE)
    server.page("/b", PAGE)
    urls = [server.url("/b"), "mailto:x@y.z", server.url("/a")]
    threads = set()
    results = check_links(urls, options(),
                          on_result=lambda r: threads.add(threading.current_thread().name))
    assert list(results) == urls
    assert threads == {threading.current_thread().name}


def test_retry_after_forms():
    from email.utils import formatdate

    from claimcheck.net.exchange import parse_retry_after

    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    now = time.time()
    assert 9 <= parse_retry_after(formatdate(now + 10, usegmt=True), now=now) <= 10
    assert parse_retry_after(formatdate(now - 10, usegmt=True), now=now) == 0.0


def test_429_with_http_date_is_honoured(server):
    from email.utils import formatdate

    server.sequence("/busy", lambda r: r.send(429, headers={
        "Retry-After": formatdate(time.time() + 60, usegmt=True)}), answer(200, PAGE))
    started = time.monotonic()
    assert check_one(server.url("/busy"), retry_after_cap=0.3).verdict == "ok"
    assert 0.25 <= time.monotonic() - started < 2.0


@pytest.mark.parametrize("soft_404", [False, True])  # HEAD requests, then GET requests
def test_connections_are_reused(soft_404):
    with LoopServer(keep_alive=True) as server:
        for n in range(5):
            server.redirect(f"/old{n}", f"/new{n}", 301)
            server.page(f"/new{n}", PAGE)
        urls = [server.url(f"/old{n}") for n in range(5)]
        results = check_links(urls, options(max_concurrency=1, detect_soft_404=soft_404))
        assert {r.verdict for r in results.values()} == {"redirected"}
        assert server.count() == 10  # five redirects, five pages
        assert server.connections == 1
