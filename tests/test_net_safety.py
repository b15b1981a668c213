"""Private addresses are refused after DNS and on every hop; TLS failures are
ssl_error unless insecure."""

from __future__ import annotations

import ssl

import pytest
import trustme
from net_servers import LoopServer, guard_network, loopback_resolver, options

from claimcheck.net.probe import check_links
from claimcheck.net.safety import (REFUSED_MESSAGE, AddressGuard, AddressRefused, NameNotResolved,
                                   is_public_address)

pytestmark = pytest.mark.usefixtures("guard_network")
_ = guard_network

PAGE = "<title>Fine</title><p>fine</p>"


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "100.64.0.1",
    "169.254.169.254", "169.254.1.1", "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255",
    "192.0.2.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1",
    "not-an-ip",
])
def test_non_public_addresses(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111",
                                     "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert is_public_address(address)


def test_guard_checks_resolved_addresses_and_caches_them():
    resolver = loopback_resolver({"intranet.test": "10.1.2.3", "public.test": "127.0.0.1"})
    guard = AddressGuard(lambda h, p: ["93.184.216.34"] if h == "public.test" else resolver(h, p))
    assert guard.resolve("public.test", 443) == ["93.184.216.34"]
    with pytest.raises(AddressRefused):
        guard.resolve("intranet.test", 80)
    with pytest.raises(AddressRefused):
        guard.resolve("intranet.test", 80)
    assert resolver.calls.count("intranet.test") == 1  # failures are remembered too


def test_guard_refuses_if_any_address_is_private():
    guard = AddressGuard(lambda h, p: ["93.184.216.34", "127.0.0.1"])
    with pytest.raises(AddressRefused):
        guard.resolve("rebind.test", 80)


def test_guard_allow_list_by_address_and_network():
    guard = AddressGuard(loopback_resolver({"a.test": "127.0.0.2", "b.test": "10.9.9.9"}),
                         allowed_hosts={"127.0.0.2", "10.0.0.0/8"})
    assert guard.resolve("a.test", 80) == ["127.0.0.2"]
    assert guard.resolve("b.test", 80) == ["10.9.9.9"]
    with pytest.raises(AddressRefused):
        guard.resolve("127.0.0.1", 80)


def test_guard_replay_mode_never_resolves():
    def resolver(host, port):
        raise AssertionError("resolved")

    guard = AddressGuard(resolver, known_hosts={"example.org"}, only_known_hosts=True)
    assert guard.resolve("example.org", 443)
    with pytest.raises(NameNotResolved):
        guard.resolve("other.org", 443)


def test_loopback_refused_without_allow_private():
    with LoopServer() as server:
        server.page("/", PAGE)
        result = check_links([server.url("/")], options(allow_private=False))[server.url("/")]
        assert result.verdict == "skipped"
        assert result.error == REFUSED_MESSAGE
        assert server.count() == 0


def test_name_resolving_to_private_is_refused():
    with LoopServer() as server:
        server.page("/", PAGE)
        url = f"http://intranet.test:{server.port}/"
        result = check_links([url], options(allow_private=False),
                             resolver=loopback_resolver())[url]
        assert result.verdict == "skipped" and result.error == REFUSED_MESSAGE
        assert server.count() == 0


def test_redirect_to_loopback_and_metadata_refused_on_the_hop():
    with LoopServer("127.0.0.2") as allowed, LoopServer("127.0.0.1") as forbidden:
        forbidden.page("/secret", PAGE)
        allowed.redirect("/to-loopback", forbidden.url("/secret"), 302)
        allowed.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/", 302)
        allowed.redirect("/to-name", f"http://metadata.test:{forbidden.port}/secret", 302)
        allowed.page("/fine", PAGE)
        urls = [allowed.url(p) for p in ("/to-loopback", "/to-metadata", "/to-name", "/fine")]
        resolver = loopback_resolver({"metadata.test": "169.254.169.254"})
        results = check_links(urls, options(allow_private=False,
                                            allowed_hosts=frozenset({"127.0.0.2"})),
                              resolver=resolver)
        for url in urls[:3]:
            assert results[url].verdict == "skipped", results[url]
            assert results[url].error == REFUSED_MESSAGE
            assert len(results[url].redirects) == 1
        assert results[urls[3]].verdict == "ok"
        assert forbidden.count() == 0  # nothing was sent to 127.0.0.1


@pytest.fixture(scope="module")
def tls_server():
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    with LoopServer(tls=context) as server:
        server.page("/", PAGE)
        yield server, ca


def test_self_signed_certificate_is_ssl_error(tls_server):
    server, _ = tls_server
    result = check_links([server.url("/")], options())[server.url("/")]
    assert result.verdict == "ssl_error"
    assert "certificate" in result.error.lower()


def test_insecure_accepts_the_certificate(tls_server):
    server, _ = tls_server
    assert check_links([server.url("/")], options(insecure=True))[server.url("/")].verdict == "ok"


def test_a_ca_bundle_makes_the_certificate_trusted(tls_server):
    server, ca = tls_server
    with ca.cert_pem.tempfile() as bundle:
        result = check_links([server.url("/")], options(ca_bundle=bundle))
    assert result[server.url("/")].verdict == "ok"
