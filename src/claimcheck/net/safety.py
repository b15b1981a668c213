"""Which addresses the probe may connect to.

A CI runner must not be made to probe its own network: a citation URL (or a
redirect it answers with) pointing at ``localhost``, ``10.0.0.1`` or the cloud
metadata service ``169.254.169.254`` is refused. The check is made on the
*resolved* addresses, on every redirect hop, before any connection; and the
transport connects to exactly the addresses that were checked (no second DNS
lookup that a rebinding name could answer differently).

Refused: loopback, private (RFC 1918, fc00::/7, CGNAT 100.64/10), link-local
(169.254/16, fe80::/10), unspecified, multicast, reserved and documentation
ranges -- everything ``ipaddress`` does not call global -- including IPv4
addresses smuggled inside IPv6 (``::ffff:127.0.0.1``, NAT64 ``64:ff9b::/96``,
6to4 ``2002::/16``).

``allow_private`` turns the check off. ``allowed_hosts`` lets named hosts or
addresses (``127.0.0.2``, ``10.1.0.0/16``, ``intranet.example``) through while
everything else stays refused.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

__all__ = [
    "REFUSED_MESSAGE",
    "AddressGuard",
    "AddressRefused",
    "NameNotResolved",
    "Resolver",
    "default_resolver",
    "is_public_address",
]

Resolver = Callable[[str, int], list[str]]
REFUSED_MESSAGE = "private address refused (use --allow-private)"

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The host resolves to an address the probe must not connect to."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{REFUSED_MESSAGE}: {host} is {address}")
        self.host = host
        self.address = address


class NameNotResolved(Exception):
    """The host name has no address (DNS failure, or not in a replayed cassette)."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"DNS lookup failed for {host}: {reason}")
        self.host = host
        self.reason = reason


def default_resolver(host: str, port: int) -> list[str]:
    """The addresses ``socket.getaddrinfo`` gives for a TCP connection, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def is_public_address(address: str) -> bool:
    """True when ``address`` (an IP literal) is a global unicast address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return all(_is_global(candidate) for candidate in _embedded(ip))


def _embedded(ip: _IPAddress) -> list[_IPAddress]:
    """The addresses that decide: an IPv4 address carried inside an IPv6 form
    (mapped, NAT64) stands for it; a 6to4 address counts with its IPv4 part."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return [ip.ipv4_mapped]
        if ip in _NAT64:
            return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
        if ip.sixtofour is not None:
            return [ip, ip.sixtofour]
    return [ip]


def _is_global(ip: _IPAddress) -> bool:
    if ip.is_multicast or ip.is_unspecified or ip.is_loopback or ip.is_link_local:
        return False
    if ip.is_private or ip.is_reserved:
        return False
    return ip.is_global


class AddressGuard:
    """Resolves host names once per run and refuses non-public addresses.

    ``resolve(host, port)`` returns the addresses to connect to or raises
    ``AddressRefused`` / ``NameNotResolved``; answers (failures too) are kept
    for the run, so the check and the connection see the same addresses and a
    site with a thousand links costs one lookup. Thread-safe.

    ``known_hosts`` (cassette replay) are accepted without any lookup; with
    ``only_known_hosts`` every other name fails as unresolvable, so a replay
    never touches DNS.
    """

    def __init__(self, resolver: Resolver | None = None, *, allow_private: bool = False,
                 allowed_hosts: Iterable[str] = (), known_hosts: Iterable[str] = (),
                 only_known_hosts: bool = False) -> None:
        self.resolver: Resolver = resolver or default_resolver
        self.allow_private = allow_private
        self._allowed_names: set[str] = set()
        self._allowed_networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in allowed_hosts:
            try:
                self._allowed_networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                self._allowed_names.add(_clean_host(entry))
        self._known = {_clean_host(h) for h in known_hosts}
        self._only_known = only_known_hosts
        self._answers: dict[tuple[str, int], list[str] | Exception] = {}
        self._lock = threading.Lock()

    def check_url(self, url: str) -> list[str]:
        """``resolve`` for the host and port of ``url``."""
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return self.resolve(parts.hostname or "", port)

    def needs_lookup(self, host: str, port: int) -> bool:
        """False when ``resolve`` answers at once: already answered, an IP
        literal, or a cassette's host. True when it would ask DNS (and block)."""
        host = _clean_host(host)
        with self._lock:
            if (host, port) in self._answers:
                return False
        return not (_is_ip(host) or host in self._known or self._only_known or not host)

    def resolve(self, host: str, port: int) -> list[str]:
        host = _clean_host(host)
        key = (host, port)
        with self._lock:
            answer = self._answers.get(key)
        if answer is None:
            answer = self._decide(host, port)
            with self._lock:
                answer = self._answers.setdefault(key, answer)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def _decide(self, host: str, port: int) -> list[str] | Exception:
        if not host:
            return NameNotResolved(host, "no host in URL")
        if host in self._known:
            return [host] if _is_ip(host) else ["0.0.0.0"]  # never connected: replayed
        if self._only_known:
            return NameNotResolved(host, "not recorded in the cassette")
        try:
            addresses = [host] if _is_ip(host) else self.resolver(host, port)
        except (OSError, UnicodeError, ValueError) as exc:
            return NameNotResolved(host, str(exc) or type(exc).__name__)
        if not addresses:
            return NameNotResolved(host, "no addresses")
        if self.allow_private or host in self._allowed_names:
            return addresses
        for address in addresses:
            if not (is_public_address(address) or self._is_allowed_address(address)):
                return AddressRefused(host, address)
        return addresses

    def _is_allowed_address(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        return any(ip.version == net.version and ip in net for net in self._allowed_networks)


def _clean_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True
